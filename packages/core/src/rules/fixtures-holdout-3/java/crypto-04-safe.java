// Expected: CWE-327 (broken or risky cryptographic algorithm), safe. The client-chosen envelope version only selects between two AEAD ciphers (AES-GCM, ChaCha20-Poly1305) in a switch; unknown versions are rejected.
package com.example.envelope;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

@Path("/envelopes")
public class EnvelopeResource {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyService keys;

    @Inject
    public EnvelopeResource(KeyService keys) {
        this.keys = keys;
    }

    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Produces(MediaType.TEXT_PLAIN)
    public Response seal(@HeaderParam("X-Envelope-Version") String version, byte[] body)
            throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        Cipher cipher = switch (version == null ? "v2" : version) {
            case "v2" -> {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, keys.aes256(), new GCMParameterSpec(128, nonce));
                yield c;
            }
            case "v3" -> {
                Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
                c.init(Cipher.ENCRYPT_MODE, keys.chacha20(), new IvParameterSpec(nonce));
                yield c;
            }
            default -> null;
        };
        if (cipher == null) {
            return Response.status(Response.Status.BAD_REQUEST).entity("unsupported envelope version").build();
        }
        Base64.Encoder b64 = Base64.getEncoder();
        return Response.ok(b64.encodeToString(nonce) + "." + b64.encodeToString(cipher.doFinal(body))).build();
    }

    public interface KeyService {
        SecretKey aes256();

        SecretKey chacha20();
    }
}
