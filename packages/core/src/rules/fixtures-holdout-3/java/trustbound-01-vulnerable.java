// Expected: CWE-501 (trust boundary violation), vulnerable. The unvalidated X-Tenant-Id request header is stored in the HTTP session as "tenantId", which downstream code treats as trusted.
package com.example.tenancy;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

@WebFilter("/app/*")
public class TenantSelectionFilter implements Filter {
    public static final String TENANT_KEY = "tenantId";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpSession session = http.getSession(true);
        String tenant = http.getHeader("X-Tenant-Id");
        if (tenant != null && session.getAttribute(TENANT_KEY) == null) {
            session.setAttribute(TENANT_KEY, tenant.trim());
        }
        chain.doFilter(request, response);
    }
}
