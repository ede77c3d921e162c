// Expected: CWE-328 (weak hash), vulnerable. Login checks the password against a salted SHA-1 computed with Guava Hashing, a single fast hash that is unsuitable for password storage.
package com.example.portal;

import com.google.common.hash.Hashing;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

@WebServlet("/login")
public class PortalLoginServlet extends HttpServlet {
    private transient CredentialStore store;

    @Override
    public void init() {
        store = (CredentialStore) getServletContext().getAttribute("credentialStore");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String username = req.getParameter("username");
        String password = req.getParameter("password");
        CredentialStore.Entry entry = store.lookup(username);
        if (entry == null || password == null) {
            resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        String candidate = Hashing.sha1()
                .hashString(entry.salt() + password, StandardCharsets.UTF_8)
                .toString();
        if (!MessageDigest.isEqual(candidate.getBytes(StandardCharsets.US_ASCII),
                entry.passwordHash().getBytes(StandardCharsets.US_ASCII))) {
            resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        req.changeSessionId();
        req.getSession().setAttribute("accountId", entry.accountId());
        resp.sendRedirect(req.getContextPath() + "/dashboard");
    }

    public interface CredentialStore {
        Entry lookup(String username);

        record Entry(long accountId, String salt, String passwordHash) {}
    }
}
