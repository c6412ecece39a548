package io.skaler.kube;

import static org.assertj.core.api.Assertions.assertThat;

/** Maps a recorded API request to (group, resource, verb) and checks {@link KubeAccess} grants it. */
final class RbacCheck {
    private RbacCheck() {
    }

    record Access(String group, String resource, String verb) {
    }

    static Access access(String method, String fullPath) {
        String[] pq = fullPath.split("\\?", 2);
        boolean watch = pq.length > 1 && pq[1].contains("watch=true");
        String[] p = pq[0].replaceFirst("^/", "").split("/");
        int i;
        String group;
        if (p[0].equals("api")) {
            group = "";
            i = 2;
        } else {
            group = p[1];
            i = 3;
        }
        if (i < p.length && p[i].equals("namespaces") && i + 2 < p.length) {
            i += 2;
        }
        String resource = p[i];
        String name = i + 1 < p.length ? p[i + 1] : null;
        String sub = i + 2 < p.length ? p[i + 2] : null;
        if (sub != null) {
            resource = resource + "/" + sub;
        }
        String verb = switch (method) {
            case "GET" -> name == null ? (watch ? "watch" : "list") : "get";
            case "PATCH" -> "patch";
            case "PUT" -> "update";
            case "POST" -> "create";
            case "DELETE" -> "delete";
            default -> method.toLowerCase();
        };
        return new Access(group, resource, verb);
    }

    static void assertAllowed(String method, String path) {
        Access a = access(method, path);
        assertThat(KubeAccess.allows(a.group(), a.resource(), a.verb()))
                .as("KubeAccess grants %s on %s/%s (request %s %s)", a.verb(), a.group(), a.resource(), method, path)
                .isTrue();
    }
}
