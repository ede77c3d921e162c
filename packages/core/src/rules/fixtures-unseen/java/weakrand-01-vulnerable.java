// Expected: CWE-330 (insufficiently random values), vulnerable. java.util.Random generates a password-reset token.
package com.example.accounts;

import java.util.Random;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class PasswordResetController {
    private final Random random = new Random();
    private final ResetTokenStore store;

    public PasswordResetController(ResetTokenStore store) {
        this.store = store;
    }

    @PostMapping("/password/reset")
    public void requestReset(@RequestParam String email) {
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            token.append(Integer.toHexString(random.nextInt(16)));
        }
        store.save(email, token.toString());
    }

    public interface ResetTokenStore {
        void save(String email, String token);
    }
}
