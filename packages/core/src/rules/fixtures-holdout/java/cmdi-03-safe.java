// Expected: CWE-78 (OS command injection), safe. The only request value in the shell command is first parsed to an int and bounded.
package com.example.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class LogTailController {
    private static final int MAX_LINES = 500;

    @GetMapping("/admin/logs/tail")
    public ResponseEntity<String> tail(@RequestParam(name = "lines", defaultValue = "50") String lines) throws IOException {
        int count;
        try {
            count = Integer.parseInt(lines.trim());
        } catch (NumberFormatException e) {
            return ResponseEntity.badRequest().body("lines must be a number");
        }
        count = Math.max(1, Math.min(count, MAX_LINES));
        String command = "tail -n " + count + " /var/log/app/application.log | grep -v DEBUG";
        Process process = Runtime.getRuntime().exec(new String[] {"/bin/bash", "-c", command});
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            return ResponseEntity.ok(out.lines().collect(Collectors.joining("\n")));
        }
    }
}
