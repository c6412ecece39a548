package io.skaler.policy;

import java.util.regex.Pattern;

/** The name rules of the systems a policy points into (Kubernetes objects, Slurm partitions, GRES, features). */
final class Names {
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern PARTITION = Pattern.compile("[^\\s,]+");
    private static final Pattern GRES_PART = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern FEATURE = Pattern.compile("[^\\s,&|!*()\\[\\]]+");
    private static final Pattern RESOURCE =
            Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    private Names() {
    }

    /** A reason the name is not a valid Kubernetes object name (DNS-1123 subdomain), or {@code ""} when it is. */
    static String objectName(String s) {
        if (s.length() > 253 || !DNS_SUBDOMAIN.matcher(s).matches()) {
            return "must be a Kubernetes object name (lowercase letters, digits, '-' and '.', at most 253), got \""
                    + s + "\"";
        }
        return "";
    }

    static String namespace(String s) {
        if (s.length() > 63 || !DNS_LABEL.matcher(s).matches()) {
            return "must be a Kubernetes namespace (lowercase letters, digits and '-', at most 63), got \"" + s + "\"";
        }
        return "";
    }

    static String partition(String s) {
        if (s.isEmpty() || !PARTITION.matcher(s).matches()) {
            return "must be a Slurm partition name (no spaces or commas), got \"" + s + "\"";
        }
        return "";
    }

    /** {@code gpu} or {@code gpu:h100}. */
    static String gres(String s) {
        int colon = s.indexOf(':');
        String kind = colon < 0 ? s : s.substring(0, colon);
        String type = colon < 0 ? "" : s.substring(colon + 1);
        if (!GRES_PART.matcher(kind).matches() || (colon >= 0 && !GRES_PART.matcher(type).matches())) {
            return "must be a GRES name such as gpu or gpu:h100";
        }
        return "";
    }

    static String gresKind(String s) {
        if (!GRES_PART.matcher(s).matches()) {
            return "must be a GRES kind without a type (gpu, not gpu:h100)";
        }
        return "";
    }

    static String feature(String s) {
        if (!FEATURE.matcher(s).matches()) {
            return "must be one Slurm feature name (no spaces or constraint operators), got \"" + s + "\"";
        }
        return "";
    }

    static String resource(String s) {
        if (s.length() > 253 || !RESOURCE.matcher(s).matches()) {
            return "must be a Kubernetes resource name such as nvidia.com/gpu, got \"" + s + "\"";
        }
        return "";
    }
}
