package dev.sessionkit.host.flows;

import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.host.apps.App;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed flows of one version of one app, with trigger matching. Immutable and thread-safe.
 *
 * @param app   the app version they were parsed from (compared by identity to know when to parse again)
 * @param flows the flows
 */
public record AppFlows(App app, List<Flow> flows) {
    /** Copies the list. */
    public AppFlows {
        flows = List.copyOf(flows);
    }

    /**
     * A flow a request reaches, with its path parameters.
     *
     * @param flow   the flow
     * @param params the trigger's path parameters by name
     */
    public record Match(Flow flow, Map<String, String> params) {
    }

    /**
     * @param method the request's HTTP method
     * @param path   the path after {@code /run/{appId}}, starting with '/'
     * @return the flow whose trigger answers it
     * @throws NotFoundException code {@code FLOW_NOT_FOUND}, listing the methods that path answers when there are any
     */
    public Match match(String method, String path) {
        Match best = null;
        List<String> otherMethods = new ArrayList<>();
        for (Flow flow : flows) {
            Optional<Map<String, String>> params = flow.trigger().match(path);
            if (params.isEmpty()) continue;
            if (!flow.trigger().method().equals(method)) {
                otherMethods.add(flow.trigger().method());
            } else if (best == null || flow.trigger().compareSpecificity(best.flow().trigger()) < 0) {
                best = new Match(flow, params.get());
            }
        }
        if (best != null) return best;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("appId", app.id());
        details.put("method", method);
        details.put("path", path);
        details.put("allowedMethods", otherMethods);
        throw new NotFoundException("FLOW_NOT_FOUND", otherMethods.isEmpty()
                ? "No flow of app '" + app.id() + "' is triggered by " + method + " " + path + ". GET /api/apps/"
                        + app.id() + " shows the flows and their triggers."
                : "No flow of app '" + app.id() + "' is triggered by " + method + " " + path + "; that path answers "
                        + String.join(", ", otherMethods) + ".", details);
    }

    /**
     * @param flowId a flow id
     * @return the flow
     * @throws NotFoundException code {@code FLOW_NOT_FOUND}
     */
    public Flow require(String flowId) {
        return flows.stream().filter(flow -> flow.id().equals(flowId)).findFirst().orElseThrow(() ->
                new NotFoundException("FLOW_NOT_FOUND", "App '" + app.id() + "' has no flow '" + flowId + "'. GET "
                        + "/api/apps/" + app.id() + " lists its flows.", Map.of("appId", app.id(), "flowId", flowId)));
    }
}
