package io.trinity.gateway.check;

import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.pool.ModelSpec;
import io.trinity.gateway.pool.RemoteModelSpec;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns one model's answer, or its failure, into a {@link ModelCheck} with a line that says what to do. */
final class Diagnosis {

    /**
     * How the gateway relays an upstream's failure: as a 502 {@code model 'NAME' failed: [HTTP STATUS ]TYPE: MESSAGE}
     * (ChatCompletionsHandler's clientError), or with the upstream's own 401/403/404 and the gateway's advice before
     * {@code ; upstream said: [HTTP STATUS ]TYPE: MESSAGE} (UpstreamProblems). The upstream's status and words are
     * read back from either, so that the check's line gives its own advice once.
     */
    private static final Pattern RELAYED = Pattern.compile(
            "(?:model '[^']*' failed: |.*; upstream said: )(?:HTTP (\\d{3}) )?([A-Za-z_]+): (.*)", Pattern.DOTALL);
    private static final Set<String> PARAMETER_CODES =
            Set.of("unsupported_parameter", "unsupported_value", "unknown_parameter");

    private Diagnosis() {
    }

    static ModelCheck missingKey(ModelSpec spec, String variable) {
        return check(spec, null, null, null, null, "model " + spec.name() + ": the environment variable " + variable
                + " (its api_key_env) is not set; export the key for " + url(spec) + " in " + variable
                + " before the run (not called)");
    }

    static ModelCheck answered(ModelSpec spec, ChatResponse reply, long millis) {
        int prompt = reply.usage() == null ? 0 : reply.usage().promptTokens();
        int completion = reply.usage() == null ? 0 : reply.usage().completionTokens();
        double cost = reply.usage() == null ? 0 : reply.usage().cost();
        return new ModelCheck(spec.name(), spec.provider(), url(spec), keyEnv(spec), true, true, true, true, millis,
                prompt, completion, cost, null);
    }

    static ModelCheck failed(ModelSpec spec, Throwable error) {
        String name = "model " + spec.name() + ": ";
        if (!(error instanceof GatewayException e)) {
            return check(spec, null, null, null, null, name + "the check failed: " + error);
        }
        int status = e.status();
        String type = e.type();
        String detail = e.getMessage() == null ? "" : e.getMessage();
        Matcher relayed = RELAYED.matcher(detail == null ? "" : detail);
        if (relayed.matches()) {
            type = relayed.group(2);
            detail = relayed.group(3);
            status = relayed.group(1) != null ? Integer.parseInt(relayed.group(1))
                    : "connection_error".equals(type) || "timeout".equals(type) ? 0 : status;
        }
        // Inside brackets before a "; what to do", an upstream's closing full stop only gets in the way.
        detail = detail.strip().replaceAll("\\.+$", "");
        String from = status + " from " + url(spec) + ": ";
        String keyEnv = keyEnv(spec);
        if (status == 0 || status == 504) {
            boolean timeout = "timeout".equals(type) || status == 504;
            return check(spec, false, null, null, null, name + (timeout
                    ? "no reply from " + url(spec) + " within its timeout_ms (" + detail + "); check that the server "
                    + "is up and answering, or raise timeout_ms"
                    : "cannot connect to " + url(spec) + " (" + detail + "); check base_url and that the server is "
                    + "up"));
        }
        if (status == 401 || status == 403) {
            return check(spec, true, false, null, null, name + from + (keyEnv == null
                    ? "the upstream wants a key and the entry names none; set api_key_env to the variable holding it"
                    : "the key in " + keyEnv + " was refused (" + detail + "); check it"));
        }
        if (status == 404) {
            boolean unknownModel = "model_not_found".equals(e.code())
                    || detail.toLowerCase(Locale.ROOT).contains("model");
            String upstreamModel = spec instanceof RemoteModelSpec r ? r.upstreamModel() : spec.name();
            return unknownModel
                    ? check(spec, true, true, false, null, name + from + "the upstream does not know the model '"
                            + upstreamModel + "' (" + detail + "); check the entry's model name")
                    : check(spec, true, null, null, null, name + from + "no such path (" + detail + "); base_url "
                            + "should be the API's root, usually ending in /v1");
        }
        if (status == 400 || status == 422) {
            String param = e.param();
            boolean parameter = param != null || PARAMETER_CODES.contains(e.code());
            return check(spec, true, true, true, false, name + from + (parameter
                    ? "it refuses the parameter '" + param + "'" + (e.code() == null ? "" : " (" + e.code() + ")")
                    + ": " + detail + "; " + fixFor(param)
                    : "it refused the check's request (" + detail + "); check the entry's parameters"));
        }
        if (status == 429) {
            return check(spec, true, true, null, null, name + from + "rate limited or out of quota (" + detail
                    + "); check the account's limits and credit, or try again later");
        }
        if (status == 402) {
            return check(spec, null, null, null, null, name + "the gateway's budget is spent (" + detail
                    + "); raise the pool's budget");
        }
        return check(spec, true, null, null, null, name + "HTTP " + from + "the upstream failed (" + detail
                + "); try again later, or check the server");
    }

    private static String fixFor(String param) {
        if ("max_tokens".equals(param)) {
            return "set max_tokens_param: max_completion_tokens in its pool entry (as OpenAI's reasoning models need)";
        }
        if ("max_completion_tokens".equals(param)) {
            return "set max_tokens_param: max_tokens (or none) in its pool entry";
        }
        if ("temperature".equals(param)) {
            return "set accepts_temperature: false in its pool entry";
        }
        if ("reasoning_effort".equals(param)) {
            return "remove reasoning_effort from its pool entry";
        }
        return "change its pool entry so that the gateway does not send it";
    }

    private static ModelCheck check(ModelSpec spec, Boolean reachable, Boolean auth, Boolean model,
            Boolean parameters, String problem) {
        return new ModelCheck(spec.name(), spec.provider(), url(spec), keyEnv(spec), reachable, auth, model,
                parameters, -1, 0, 0, 0, problem);
    }

    private static String url(ModelSpec spec) {
        return spec instanceof RemoteModelSpec r ? r.baseUrl().toString() : "simulated";
    }

    private static String keyEnv(ModelSpec spec) {
        return spec instanceof RemoteModelSpec r ? r.apiKeyEnv() : null;
    }
}
