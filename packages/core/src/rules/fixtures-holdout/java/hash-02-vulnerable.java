// Expected: CWE-328 (weak hash), vulnerable. Login verifies passwords with one round of salted SHA-1, the algorithm name held in a constant.
package com.example.legacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

public class LegacyLoginServlet extends HttpServlet {
    private static final String HASH_ALG = "SHA1";

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String user = req.getParameter("username");
        String password = req.getParameter("password");
        try (Connection c = dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT salt, pw_hash FROM users WHERE username = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && hash(rs.getString("salt"), password).equals(rs.getString("pw_hash"))) {
                    req.getSession(true).setAttribute("user", user);
                    resp.sendRedirect("dashboard");
                    return;
                }
            }
        } catch (SQLException | NamingException | NoSuchAlgorithmException e) {
            throw new ServletException(e);
        }
        resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
    }

    private static String hash(String salt, String password) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance(HASH_ALG);
        md.update(salt.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(md.digest(password.getBytes(StandardCharsets.UTF_8)));
    }

    private static DataSource dataSource() throws NamingException {
        return (DataSource) new InitialContext().lookup("java:comp/env/jdbc/legacy");
    }
}
