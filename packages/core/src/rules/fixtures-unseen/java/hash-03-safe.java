// Expected: CWE-328 (weak hash), safe. SHA-256 for a content checksum, algorithm name from a constant.
package com.example.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

public class BlobChecksum {
    private static final String DIGEST = "SHA-256";

    public static String compute(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance(DIGEST);
        try (DigestInputStream dis = new DigestInputStream(in, md)) {
            dis.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
