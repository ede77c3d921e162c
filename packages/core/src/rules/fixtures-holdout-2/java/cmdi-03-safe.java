// Expected: CWE-78 (OS command injection), safe. The domain must match a strict hostname regex (no leading dash, no spaces or metacharacters) and is passed as one argv element to ProcessBuilder without any shell.
package com.example.netdiag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class DnsLookupController {
    private static final Pattern HOSTNAME = Pattern.compile(
            "^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$");

    @GetMapping("/ops/diagnostics/dig")
    public ResponseEntity<String> dig(@RequestParam("domain") String domain) throws IOException, InterruptedException {
        if (!HOSTNAME.matcher(domain).matches()) {
            return ResponseEntity.badRequest().body("invalid domain");
        }
        List<String> command = List.of("/usr/bin/dig", "+short", domain);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return ResponseEntity.ok(output);
    }
}
