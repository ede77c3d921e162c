// Expected: CWE-330 (insufficiently random values), safe. SecureRandom bytes, URL-safe Base64, for an invitation code.
package com.example.accounts;

import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.stereotype.Component;

@Component
public class InvitationCodes {
    private static final SecureRandom RNG = new SecureRandom();

    public String next() {
        byte[] buf = new byte[24];
        RNG.nextBytes(buf);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf);
    }
}
