// Expected: CWE-90 (LDAP injection), safe. Both request values pass through Spring LDAP's LdapEncoder.filterEncode, which escapes *, (, ), \ and NUL, before being formatted into the LdapTemplate filter.
package com.example.directory;

import java.util.List;
import javax.naming.directory.Attributes;
import org.springframework.ldap.core.AttributesMapper;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.support.LdapEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class DepartmentStaffController {
    private final LdapTemplate ldapTemplate;

    public DepartmentStaffController(LdapTemplate ldapTemplate) {
        this.ldapTemplate = ldapTemplate;
    }

    @GetMapping("/api/departments/{dept}/staff")
    public List<String> staff(
            @PathVariable("dept") String dept,
            @RequestParam(name = "title", defaultValue = "") String title) {
        String filter = staffFilter(dept, title);
        AttributesMapper<String> toCn = (Attributes attrs) -> (String) attrs.get("cn").get();
        return ldapTemplate.search("ou=people", filter, toCn);
    }

    private static String staffFilter(String dept, String title) {
        String safeDept = LdapEncoder.filterEncode(dept);
        String titleClause = title.isBlank() ? "" : String.format("(title=%s)", LdapEncoder.filterEncode(title));
        return String.format("(&(objectClass=person)(departmentNumber=%s)%s)", safeDept, titleClause);
    }
}
