// Expected: CWE-328 (weak hash), vulnerable. New account passwords are stored as an unsalted MD5 digest, a fast broken hash that is trivially cracked with precomputed tables.
package com.example.accounts;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.annotation.Resource;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

@WebServlet("/register")
public class SignupServlet extends HttpServlet {
    @Resource(name = "jdbc/accounts")
    private DataSource dataSource;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String email = req.getParameter("email");
        String password = req.getParameter("password");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO users (email, password_hash) VALUES (?, ?)")) {
            ps.setString(1, email);
            ps.setString(2, passwordDigest(password));
            ps.executeUpdate();
        } catch (SQLException | NoSuchAlgorithmException e) {
            throw new ServletException("registration failed", e);
        }
        resp.sendRedirect(req.getContextPath() + "/login?registered=1");
    }

    private static String passwordDigest(String pw) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("MD5");
        byte[] out = md.digest(pw.getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, out));
    }
}
