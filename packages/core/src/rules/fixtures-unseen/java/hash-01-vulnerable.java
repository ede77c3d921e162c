// Expected: CWE-328 (weak hash), vulnerable. Passwords hashed with unsalted MD5 before storage.
package com.example.accounts;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class AccountRepository {
    private final JdbcTemplate jdbc;

    public AccountRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void register(String email, String password) throws NoSuchAlgorithmException {
        jdbc.update("INSERT INTO accounts(email, password_hash) VALUES (?, ?)", email, digest(password));
    }

    private static String digest(String value) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("MD5");
        byte[] out = md.digest(value.getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, out));
    }
}
