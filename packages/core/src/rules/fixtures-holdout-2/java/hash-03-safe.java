// Expected: CWE-328 (weak hash), safe. Passwords are hashed with PBKDF2WithHmacSHA256 using a random 16-byte salt and 310,000 iterations, an adaptive key-derivation function suited to password storage.
package com.example.accounts;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.sql.DataSource;

@WebServlet("/account/password")
public class ChangePasswordServlet extends HttpServlet {
    private static final int ITERATIONS = 310_000;
    private static final int KEY_BITS = 256;
    private final SecureRandom rng = new SecureRandom();
    private DataSource dataSource;

    @Override
    public void init() {
        dataSource = (DataSource) getServletContext().getAttribute("accountsDataSource");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        char[] newPassword = req.getParameter("newPassword").toCharArray();
        byte[] salt = new byte[16];
        rng.nextBytes(salt);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE users SET pw_salt = ?, pw_hash = ?, pw_iter = ? WHERE username = ?")) {
            PBEKeySpec spec = new PBEKeySpec(newPassword, salt, ITERATIONS, KEY_BITS);
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            spec.clearPassword();
            ps.setString(1, Base64.getEncoder().encodeToString(salt));
            ps.setString(2, Base64.getEncoder().encodeToString(hash));
            ps.setInt(3, ITERATIONS);
            ps.setString(4, req.getRemoteUser());
            ps.executeUpdate();
        } catch (SQLException | GeneralSecurityException e) {
            throw new ServletException(e);
        }
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
