// Expected: CWE-22 (path traversal), safe. The requested name is resolved against a normalised absolute base, normalised again and rejected unless the result still startsWith the base directory.
package com.example.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.ws.rs.GET;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;

@javax.ws.rs.Path("/reports")
public class ReportFileResource {
    private static final Path BASE =
            Paths.get("/var/lib/reporting/output").toAbsolutePath().normalize();

    @GET
    @javax.ws.rs.Path("/{name}")
    @Produces("text/csv")
    public Response download(@PathParam("name") String name) throws IOException {
        Path requested = BASE.resolve(name).normalize();
        if (!requested.startsWith(BASE) || !Files.isRegularFile(requested)) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        byte[] content = Files.readAllBytes(requested);
        return Response.ok(content)
                .header("Content-Disposition", "attachment; filename=\"" + requested.getFileName() + "\"")
                .build();
    }
}
