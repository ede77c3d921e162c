// Expected: CWE-78 (OS command injection), safe. Argument validated against a strict pattern and passed as a separate argv element, no shell.
package com.example.ops;

import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ServiceStatusController {
    private static final Pattern UNIT_NAME = Pattern.compile("^[a-z0-9-]{1,40}$");

    @GetMapping("/admin/status")
    public ResponseEntity<String> status(@RequestParam String unit) throws IOException, InterruptedException {
        if (!UNIT_NAME.matcher(unit).matches()) {
            return ResponseEntity.badRequest().body("invalid unit");
        }
        Process p = new ProcessBuilder("systemctl", "is-active", unit + ".service").start();
        int code = p.waitFor();
        return ResponseEntity.ok(code == 0 ? "active" : "inactive");
    }
}
