// Expected: CWE-78 (OS command injection), vulnerable. The folder name from the JSON body is joined into a command string that the service runs through "sh -c", so shell metacharacters are interpreted.
package com.example.backup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BackupController {

    public record ArchiveRequest(String folder, boolean compress) {}

    private final ArchiveService archiveService;

    public BackupController(ArchiveService archiveService) {
        this.archiveService = archiveService;
    }

    @PostMapping("/api/backups")
    public ResponseEntity<String> create(@RequestBody ArchiveRequest request) throws Exception {
        int exit = archiveService.archive(request.folder(), request.compress());
        return exit == 0
                ? ResponseEntity.ok("archived")
                : ResponseEntity.internalServerError().body("tar exited with " + exit);
    }

    @Service
    public static class ArchiveService {
        private static final String TARGET = "/var/backups/user-data";

        int archive(String folder, boolean compress) throws IOException, InterruptedException {
            String flags = compress ? "-czf" : "-cf";
            String archive = TARGET + (compress ? ".tar.gz" : ".tar");
            String command = String.join(" ", "tar", flags, archive, "-C", "/srv/data", folder);
            Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        }
    }
}
