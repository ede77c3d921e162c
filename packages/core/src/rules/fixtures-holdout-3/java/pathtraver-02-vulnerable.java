// Expected: CWE-22 (path traversal), vulnerable. The tenant cookie and template query parameter are resolved under the tenants root and read with Files.readString without normalisation or a containment check.
package com.example.templates;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

@jakarta.ws.rs.Path("/templates")
public class TemplatePreviewResource {
    private static final Path ROOT = Paths.get("/srv/app/tenants");

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response preview(@CookieParam("tenant") @DefaultValue("default") String tenant,
            @QueryParam("template") String template) throws IOException {
        if (template == null || template.isBlank()) {
            return Response.status(Response.Status.BAD_REQUEST).build();
        }
        Path file = ROOT.resolve(tenant).resolve("templates").resolve(template);
        if (!Files.isRegularFile(file)) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        return Response.ok(Files.readString(file, StandardCharsets.UTF_8)).build();
    }
}
