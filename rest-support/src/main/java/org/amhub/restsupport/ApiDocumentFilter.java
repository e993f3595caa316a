package org.amhub.restsupport;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Completes every service's OpenAPI document with what the shared code guarantees, so clients see it without each
 * resource repeating it (enabled with {@code mp.openapi.filter=org.amhub.restsupport.ApiDocumentFilter}):
 * <ul>
 * <li>the {@code Problem} schema (RFC 9457, {@code application/problem+json}) and one reusable response per 4xx status,
 * which resources name with {@code @APIResponse(responseCode = "412", ref = "PreconditionFailed")};</li>
 * <li>on every operation: 400 (the {@link ParameterGuard} and Bean Validation refuse hostile or malformed input);
 * 401 and 403 where a bearer token is required; 404 where the path names a resource;</li>
 * <li>{@code security: []} on public operations, which is how OpenAPI says "no token needed".</li>
 * </ul>
 * Responses a resource declares itself are kept.
 */
public class ApiDocumentFilter implements OASFilter {

    /** Reusable problem responses, by component name: status and description. */
    static final Map<String, String[]> PROBLEMS = new LinkedHashMap<>();

    static {
        PROBLEMS.put("BadRequest", new String[]{"400", "Malformed or hostile input (the problem names the parameter or field)"});
        PROBLEMS.put("Unauthorized", new String[]{"401", "No valid bearer token"});
        PROBLEMS.put("Forbidden", new String[]{"403", "The token's roles do not allow this"});
        PROBLEMS.put("NotFound", new String[]{"404", "No such resource"});
        PROBLEMS.put("Conflict", new String[]{"409", "Conflicts with the current state (a taken slug, say)"});
        PROBLEMS.put("PreconditionFailed", new String[]{"412", "If-Match does not name the current version: read it again"});
        PROBLEMS.put("UnprocessableContent", new String[]{"422", "Well-formed but invalid (the problem lists each field)"});
        PROBLEMS.put("PreconditionRequired", new String[]{"428", "If-Match is required"});
        PROBLEMS.put("TooManyRequests", new String[]{"429", "Too many at once; retry after Retry-After seconds"});
    }

    @Override
    public void filterOpenAPI(OpenAPI api) {
        Components components = api.getComponents() == null ? OASFactory.createComponents() : api.getComponents();
        api.setComponents(components);
        components.addSchema("Problem", problemSchema());
        PROBLEMS.forEach((name, statusAndText) -> components.addResponse(name, problem(statusAndText[1])));
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        api.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(operation -> complete(path, operation)));
        // keep only the problem responses some operation names (an unused component is noise to a client generator)
        java.util.Set<String> used = new java.util.HashSet<>();
        api.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(operation ->
                operation.getResponses().getAPIResponses().values().forEach(response -> {
                    if (response.getRef() != null) {
                        used.add(response.getRef().substring(response.getRef().lastIndexOf('/') + 1));
                    }
                })));
        PROBLEMS.keySet().stream().filter(name -> !used.contains(name)).forEach(components::removeResponse);
    }

    private static void complete(String path, Operation operation) {
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        if (operation.getSecurity() == null) {
            operation.setSecurity(new ArrayList<>()); // public: security: []
        }
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        operation.setResponses(responses);
        addRef(responses, "BadRequest");
        if (secured) {
            addRef(responses, "Unauthorized");
            addRef(responses, "Forbidden");
        }
        if (path.contains("{")) {
            addRef(responses, "NotFound");
        }
    }

    private static void addRef(APIResponses responses, String name) {
        String status = PROBLEMS.get(name)[0];
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(name));
        }
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("Problem"))));
    }

    private static Schema problemSchema() {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", string).addProperty("message", string);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details; field names the first offending field, errors lists every one")
                .required(List.of("title", "status"))
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri-reference"))
                .addProperty("title", string)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32"))
                .addProperty("detail", string)
                .addProperty("instance", string)
                .addProperty("field", string)
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError));
    }
}
