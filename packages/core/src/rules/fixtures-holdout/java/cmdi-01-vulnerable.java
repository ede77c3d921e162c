// Expected: CWE-78 (OS command injection), vulnerable. A JSON body field is formatted into a tar command line that runs through /bin/sh -c.
package com.example.backup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class SnapshotController {
    private static final String BACKUP_ROOT = "/var/backups/app";

    public static class SnapshotRequest {
        private String label;
        private String dataset;

        public String getLabel() {
            return label;
        }

        public void setLabel(String label) {
            this.label = label;
        }

        public String getDataset() {
            return dataset;
        }

        public void setDataset(String dataset) {
            this.dataset = dataset;
        }
    }

    @PostMapping("/admin/snapshots")
    public ResponseEntity<String> create(@RequestBody SnapshotRequest request) throws IOException, InterruptedException {
        String dataset = request.getDataset() == null ? "default" : request.getDataset();
        String command = String.format("tar -czf %s/%s.tgz /srv/data/%s", BACKUP_ROOT, request.getLabel(), dataset);
        Process process = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return ResponseEntity.status(504).body("snapshot timed out");
        }
        return process.exitValue() == 0 ? ResponseEntity.ok("created") : ResponseEntity.status(500).body("failed");
    }
}
