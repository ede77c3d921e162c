// Expected: CWE-501 (trust boundary violation), vulnerable. The tenantId from the JSON request body record is stored unverified in the HttpSession, where later code treats it as the caller's trusted tenant.
package com.example.saas;

import javax.servlet.http.HttpSession;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class WorkspaceSwitchController {

    public record SwitchRequest(String tenantId, String workspace) {}

    @PostMapping("/api/workspace/switch")
    public ResponseEntity<Void> switchWorkspace(@RequestBody SwitchRequest body, HttpSession session) {
        if (body.tenantId() == null || body.workspace() == null) {
            return ResponseEntity.badRequest().build();
        }
        String tenant = body.tenantId().strip();
        session.setAttribute(SessionKeys.TENANT, tenant);
        session.setAttribute(SessionKeys.WORKSPACE, body.workspace());
        return ResponseEntity.noContent().build();
    }

    static final class SessionKeys {
        static final String TENANT = "currentTenantId";
        static final String WORKSPACE = "currentWorkspace";

        private SessionKeys() {}
    }
}
