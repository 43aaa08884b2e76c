package dev.sessionkit.session.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import dev.sessionkit.session.support.Descriptors;
import dev.sessionkit.session.support.Details;
import dev.sessionkit.session.support.SessionMethod;
import java.util.function.Function;

/**
 * A method that answers one fact of the signed-in user, as verified from the request's JWT by the host: it needs a
 * user ({@code requiresUser}, 401 without one), takes no inputs and outputs a STRING. It reads the verified identity,
 * not the GLOBAL session, so writing {@code username} into the session never changes what it answers.
 *
 * <p>Stateless and thread-safe.
 */
public abstract class UserFieldMethod extends SessionMethod {
    private final Function<UserIdentity, String> field;

    /**
     * @param id      the stable method id
     * @param name    the display name
     * @param what    what the output is, such as "the signed-in user's username"
     * @param source  where it comes from, such as "the subject of the request's JWT"
     * @param sample  an example value
     * @param field   reads the fact from the verified user
     */
    protected UserFieldMethod(String id, String name, String what, String source, String sample,
                              Function<UserIdentity, String> field) {
        super(MethodDescriptor.builder(id).name(name).requiresUser()
                .description("Outputs " + what + ".")
                .output(new OutputDescriptor(DataType.STRING, capitalized(what) + " (from " + source + "), e.g. \""
                        + sample + "\"."))
                .details(Details.of("Outputs " + what + ", taken from " + source + " once the host has verified "
                                + "it. It takes no inputs and reads no session, so it is always current.")
                        .authenticationError("any call")
                        .example("For a user signed in as alice (id u-1, role builder) it outputs \"" + sample
                                + "\".")
                        .build())
                .example(Descriptors.example("{}"))
                .build());
        this.field = field;
    }

    @Override
    public final MethodResult invoke(ExecutionContext context, ObjectNode inputs) {
        return MethodResult.of(TextNode.valueOf(field.apply(context.requireUser())));
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
