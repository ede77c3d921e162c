// Expected: CWE-78 (OS command injection), vulnerable. The host request parameter is appended to a command string that ProcessBuilder hands to "/bin/sh -c", so shell metacharacters such as ";" or "$(...)" execute arbitrary commands.
package com.example.netdiag;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class NetworkDiagnosticsController {

    @GetMapping("/ops/diagnostics/ping")
    public ResponseEntity<String> ping(
            @RequestParam("host") String host,
            @RequestParam(name = "count", defaultValue = "3") int count) throws IOException, InterruptedException {
        List<String> command = buildCommand(host, Math.min(count, 10));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream out = process.getInputStream()) {
            String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return ResponseEntity.ok(text);
        }
    }

    private List<String> buildCommand(String target, int count) {
        List<String> cmd = new ArrayList<>();
        cmd.add("/bin/sh");
        cmd.add("-c");
        cmd.add("ping -c " + count + " " + target + " 2>&1 | tail -n 5");
        return cmd;
    }
}
