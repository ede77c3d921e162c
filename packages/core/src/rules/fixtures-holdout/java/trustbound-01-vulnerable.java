// Expected: CWE-501 (trust boundary violation), vulnerable. The X-Tenant-Id request header is trimmed and stored in the session, where later code trusts it as the user's tenant.
package com.example.saas;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class TenantContextController {
    static final String TENANT_ATTRIBUTE = "currentTenantId";

    @PostMapping("/context/tenant")
    public ResponseEntity<String> select(@RequestHeader("X-Tenant-Id") String tenantHeader, HttpServletRequest request) {
        String tenantId = tenantHeader.trim();
        if (tenantId.isEmpty()) {
            return ResponseEntity.badRequest().body("missing tenant");
        }
        HttpSession session = request.getSession();
        session.setAttribute(TENANT_ATTRIBUTE, tenantId);
        return ResponseEntity.ok("tenant set");
    }

    /** Used by the data-access layer to scope every query. */
    static String currentTenant(HttpSession session) {
        return (String) session.getAttribute(TENANT_ATTRIBUTE);
    }
}
