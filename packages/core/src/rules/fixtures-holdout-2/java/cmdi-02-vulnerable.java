// Expected: CWE-78 (OS command injection), vulnerable. The X-Archive-Name header and the project path segment are formatted into a "bash -c" command line run by Runtime.exec, letting a client append extra shell commands.
package com.example.backup;

import java.io.IOException;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Response;

@Path("/backups")
public class ProjectBackupResource {
    private static final String EXPORT_ROOT = "/var/lib/app/exports";

    @POST
    @Path("/{project}")
    public Response createBackup(
            @PathParam("project") String project,
            @HeaderParam("X-Archive-Name") String archiveName) throws IOException, InterruptedException {
        BackupJob job = new BackupJob(project, archiveName == null ? "latest" : archiveName);
        int exit = job.run();
        return exit == 0
                ? Response.accepted().build()
                : Response.serverError().entity("backup failed").build();
    }

    static final class BackupJob {
        private final String project;
        private final String archive;

        BackupJob(String project, String archive) {
            this.project = project;
            this.archive = archive;
        }

        int run() throws IOException, InterruptedException {
            String cmdLine = String.format(
                    "tar -czf %s/%s.tar.gz -C /srv/projects %s", EXPORT_ROOT, archive, project);
            Process p = Runtime.getRuntime().exec(new String[] {"bash", "-c", cmdLine});
            return p.waitFor();
        }
    }
}
