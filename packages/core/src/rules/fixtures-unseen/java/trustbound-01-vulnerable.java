// Expected: CWE-501 (trust boundary violation), vulnerable. Unvalidated request parameter stored in the HttpSession as the user's role.
package com.example.auth;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ProfileSwitchController {

    @PostMapping("/profile/switch")
    public String switchProfile(@RequestParam("role") String role, HttpServletRequest request) {
        HttpSession session = request.getSession();
        String normalized = role.toLowerCase();
        session.setAttribute("activeRole", normalized);
        return "ok";
    }
}
