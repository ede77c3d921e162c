// Expected: CWE-90 (LDAP injection), vulnerable. The X-Forwarded-Email header is inserted into the LdapTemplate filter with String.format and no LDAP encoding.
package com.example.sso;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import org.springframework.ldap.core.AttributesMapper;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

@Component
public class GroupResolvingInterceptor implements HandlerInterceptor {
    private static final String FILTER = "(&(objectClass=person)(mail=%s))";

    private final LdapTemplate ldapTemplate;

    public GroupResolvingInterceptor(LdapTemplate ldapTemplate) {
        this.ldapTemplate = ldapTemplate;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String email = request.getHeader("X-Forwarded-Email");
        if (email == null || email.isBlank()) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return false;
        }
        request.setAttribute("groups", resolveGroups(email.strip()));
        return true;
    }

    private List<String> resolveGroups(String email) {
        String filter = String.format(FILTER, email);
        AttributesMapper<String> mapper = attrs -> {
            Attribute memberOf = attrs.get("memberOf");
            try {
                return memberOf == null ? "" : String.valueOf(memberOf.get());
            } catch (NamingException e) {
                return "";
            }
        };
        return ldapTemplate.search("ou=users", filter, mapper);
    }
}
