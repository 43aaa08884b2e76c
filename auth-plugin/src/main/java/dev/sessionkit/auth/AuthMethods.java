package dev.sessionkit.auth;

import dev.sessionkit.api.MethodProvider;
import dev.sessionkit.api.PluginMethod;
import java.util.List;
import org.pf4j.Extension;

/**
 * The Auth plugin's {@link MethodProvider} extension: every {@code auth.*} method, in palette order. The methods are
 * stateless, so every instance PF4J creates answers the same, from any thread.
 */
@Extension
public class AuthMethods implements MethodProvider {

    @Override
    public List<PluginMethod> methods() {
        return all();
    }

    /** @return new instances of every method of the plugin, in palette order; an unmodifiable list */
    static List<PluginMethod> all() {
        return List.of(new SignInMethod(), new SignOutMethod(), new SignUpMethod(), new ChangePasswordMethod());
    }
}
