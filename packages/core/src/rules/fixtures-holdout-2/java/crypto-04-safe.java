// Expected: CWE-327 (broken or risky crypto algorithm), safe. Private notes are sealed with the ChaCha20-Poly1305 AEAD cipher using a 256-bit key and a random 12-byte nonce generated for every request.
package com.example.notes;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

@Path("/notes/seal")
public class NoteSealingResource {
    private static final String ALGORITHM = "ChaCha20-Poly1305";
    private static final SecureRandom NONCES = new SecureRandom();

    private final SecretKeySpec key;

    public NoteSealingResource() {
        String b64 = System.getenv("NOTES_KEY_B64");
        this.key = new SecretKeySpec(Base64.getDecoder().decode(b64), "ChaCha20");
    }

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.TEXT_PLAIN)
    public String seal(String noteBody) throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        NONCES.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance(ALGORITHM);
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
        byte[] sealed = cipher.doFinal(noteBody.getBytes(StandardCharsets.UTF_8));
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        return enc.encodeToString(nonce) + "." + enc.encodeToString(sealed);
    }
}
