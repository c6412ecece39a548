package io.skaler.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code metadata.managedFields} (server-side apply's field ownership, kept for every write, apply or not) to
 * find a write by another field manager to a field skaler sets ({@code spec.replicas}, {@code spec.limits}) after
 * skaler's own write. The rule follows the API server: a field whose value an update or a forced apply changes moves
 * to the writer and leaves every other manager's set, and an entry's time is that of its manager's last change (it
 * does not move when another manager takes a field away). So: another manager owns a part of the field that no entry
 * of skaler's owns, and its entry is not older than skaler's newest (both to the second, as the API server records
 * them). docs/upstream.md, "Kubernetes".
 */
final class FieldOwnership {
    private FieldOwnership() {
    }

    /**
     * The field manager the API server records for skaler's writes: without a {@code fieldManager} parameter (skaler
     * sends none) it is the User-Agent up to its first '/', at most 128 characters.
     */
    static String managerOf(KubernetesClient client) {
        return managerOfUserAgent(client.getConfiguration().getUserAgent());
    }

    static String managerOfUserAgent(String userAgent) {
        String prefix = userAgent == null ? "" : userAgent.split("/", -1)[0];
        StringBuilder out = new StringBuilder();
        prefix.codePoints().filter(c -> !Character.isISOControl(c)).forEach(out::appendCodePoint);
        return out.length() > 128 ? out.substring(0, 128) : out.toString();
    }

    /**
     * @param ourManager   skaler's field manager
     * @param ourLastWrite when this process last wrote the object (its own entry may be gone: a manager whose every
     *                     field was taken loses its entry)
     */
    static Optional<ForeignWrite> foreignWrite(HasMetadata obj, String kind, String field, String ourManager,
            Optional<Instant> ourLastWrite) {
        List<ManagedFieldsEntry> entries = obj.getMetadata().getManagedFields() == null ? List.of()
                : obj.getMetadata().getManagedFields();
        Optional<Instant> ours = ourLastWrite.map(t -> t.truncatedTo(ChronoUnit.SECONDS));
        Set<String> ourLeaves = new TreeSet<>();
        for (ManagedFieldsEntry e : entries) {
            if (ourManager.equals(e.getManager())) {
                ourLeaves.addAll(leaves(e, field));
                Optional<Instant> t = time(e);
                if (t.isPresent() && (ours.isEmpty() || t.get().isAfter(ours.get()))) {
                    ours = t;
                }
            }
        }
        if (ours.isEmpty()) {
            return Optional.empty(); // skaler never wrote this object: nothing of its own to overwrite
        }
        Instant since = ours.get();
        List<ForeignWrite> found = new ArrayList<>();
        for (ManagedFieldsEntry e : entries) {
            Optional<Instant> t = time(e);
            if (ourManager.equals(e.getManager()) || t.isEmpty() || t.get().isBefore(since)) {
                continue;
            }
            Set<String> theirs = new TreeSet<>(leaves(e, field));
            theirs.removeAll(ourLeaves);
            if (!theirs.isEmpty()) {
                found.add(new ForeignWrite(kind, name(obj), field, String.valueOf(e.getManager()),
                        e.getOperation() + (e.getSubresource() == null || e.getSubresource().isEmpty() ? ""
                                : " of /" + e.getSubresource()), t.get()));
            }
        }
        return found.stream().max(Comparator.comparing(ForeignWrite::at));
    }

    /** The paths below {@code spec.<field>} an entry owns ({@code ""} for the field itself when it is a leaf). */
    static Set<String> leaves(ManagedFieldsEntry e, String field) {
        Set<String> out = new TreeSet<>();
        if (e.getFieldsV1() == null || !(e.getFieldsV1().getAdditionalProperties().get("f:spec") instanceof Map<?, ?>
                spec) || !spec.containsKey("f:" + field)) {
            return out;
        }
        collect(spec.get("f:" + field), "", out);
        return out;
    }

    private static void collect(Object node, String path, Set<String> out) {
        if (node instanceof Map<?, ?> m && !m.isEmpty()) {
            m.forEach((k, v) -> {
                if (!".".equals(k)) { // "." marks the map itself, owned along with its members
                    collect(v, path + "/" + k, out);
                }
            });
            if (m.containsKey(".") && m.size() == 1) {
                out.add(path);
            }
        } else {
            out.add(path);
        }
    }

    private static Optional<Instant> time(ManagedFieldsEntry e) {
        try {
            return e.getTime() == null ? Optional.empty() : Optional.of(Instant.parse(e.getTime()));
        } catch (DateTimeParseException ex) {
            return Optional.empty();
        }
    }

    private static String name(HasMetadata obj) {
        String ns = obj.getMetadata().getNamespace();
        return (ns == null || ns.isEmpty() ? "" : ns + "/") + obj.getMetadata().getName();
    }
}
