package io.skaler.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * A token kept in a file (a mounted Kubernetes Secret, or the output of {@code scontrol token}). The file is re-read
 * whenever its modification time or size changes, so a rotated Secret is picked up without a restart, and after
 * slurmrestd refused the token. A leading {@code SLURM_JWT=} (as {@code scontrol token} prints it) is dropped.
 */
public final class TokenFile implements TokenSource {

    private static final String SCONTROL_PREFIX = "SLURM_JWT=";

    private final Path path;
    private final Optional<String> userName;
    private FileTime readMtime;
    private long readSize = -1;
    private Token token;

    public TokenFile(Path path, Optional<String> userName) {
        this.path = path;
        this.userName = userName;
    }

    @Override
    public synchronized Optional<Token> current() throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new IOException("token file " + path + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
        if (token == null || !attrs.lastModifiedTime().equals(readMtime) || attrs.size() != readSize) {
            token = read();
            readMtime = attrs.lastModifiedTime();
            readSize = attrs.size();
        }
        return Optional.of(token);
    }

    private Token read() throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IOException("token file " + path + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
        if (text.startsWith(SCONTROL_PREFIX)) {
            text = text.substring(SCONTROL_PREFIX.length()).strip();
        }
        if (text.isEmpty()) {
            throw new IOException("token file " + path + " is empty");
        }
        if (text.chars().anyMatch(Character::isWhitespace)) {
            throw new IOException("token file " + path + " holds more than one word; expected a single JWT");
        }
        return new Token(text);
    }

    @Override
    public synchronized void invalidate() {
        token = null;
    }

    @Override
    public Optional<String> userName() {
        return userName;
    }

    @Override
    public String toString() {
        return "TokenFile[" + path + "]";
    }
}
