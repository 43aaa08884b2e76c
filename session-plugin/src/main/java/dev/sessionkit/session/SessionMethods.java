package dev.sessionkit.session;

import dev.sessionkit.api.MethodProvider;
import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.session.lifecycle.ClearSessionMethod;
import dev.sessionkit.session.lifecycle.EndSessionMethod;
import dev.sessionkit.session.lifecycle.ExtendSessionMethod;
import dev.sessionkit.session.lifecycle.OpenSharedSessionMethod;
import dev.sessionkit.session.lifecycle.SessionExistsMethod;
import dev.sessionkit.session.lifecycle.SessionInfoMethod;
import dev.sessionkit.session.lifecycle.StartSessionMethod;
import dev.sessionkit.session.manage.SessionManagementMethod;
import dev.sessionkit.session.parameters.DeleteParametersMethod;
import dev.sessionkit.session.parameters.GetParametersMethod;
import dev.sessionkit.session.parameters.SetParametersMethod;
import dev.sessionkit.session.parameters.UpdateParametersMethod;
import dev.sessionkit.session.user.GetRoleIdMethod;
import dev.sessionkit.session.user.GetUserIdMethod;
import dev.sessionkit.session.user.GetUsernameMethod;
import java.util.List;
import org.pf4j.Extension;

/**
 * The Session plugin's {@link MethodProvider} extension: every {@code session.*} method, in palette order.
 *
 * <p>PF4J creates a new instance per {@code getExtensions} call; the methods are stateless (session data lives in the
 * host's store), so every instance answers the same, and the list may be used from any thread.
 */
@Extension
public class SessionMethods implements MethodProvider {

    @Override
    public List<PluginMethod> methods() {
        return all();
    }

    /** @return new instances of every method of the plugin, in palette order; an unmodifiable list */
    static List<PluginMethod> all() {
        return List.of(
                new SessionExistsMethod(),
                new SetParametersMethod(),
                new UpdateParametersMethod(),
                new GetParametersMethod(),
                new DeleteParametersMethod(),
                new GetUsernameMethod(),
                new GetUserIdMethod(),
                new GetRoleIdMethod(),
                new SessionManagementMethod(),
                new StartSessionMethod(),
                new EndSessionMethod(),
                new ClearSessionMethod(),
                new ExtendSessionMethod(),
                new SessionInfoMethod(),
                new OpenSharedSessionMethod());
    }
}
