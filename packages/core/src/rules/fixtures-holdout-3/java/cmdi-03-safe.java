// Expected: CWE-78 (OS command injection), safe. No shell is used: the format goes through an enum switch to a constant and the file stem must match a strict regex before being passed as a separate ProcessBuilder argument.
package com.example.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ThumbnailController {
    private static final Pattern STEM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Path MEDIA_ROOT = Path.of("/srv/media");

    enum Format { PNG, JPEG, WEBP }

    @PostMapping("/media/{stem}/thumbnail")
    public ResponseEntity<String> thumbnail(@PathVariable String stem,
            @RequestParam(defaultValue = "png") String format) throws IOException, InterruptedException {
        if (!STEM.matcher(stem).matches()) {
            return ResponseEntity.badRequest().body("invalid name");
        }
        Format fmt;
        try {
            fmt = Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body("unsupported format");
        }
        String extension = switch (fmt) {
            case PNG -> "png";
            case JPEG -> "jpg";
            case WEBP -> "webp";
        };
        Path source = MEDIA_ROOT.resolve(stem + ".orig");
        Path target = MEDIA_ROOT.resolve("thumbs").resolve(stem + "." + extension);
        List<String> command = List.of("/usr/bin/convert", source.toString(), "-thumbnail", "256x256", target.toString());
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        return exit == 0
                ? ResponseEntity.ok(target.getFileName().toString())
                : ResponseEntity.internalServerError().build();
    }
}
