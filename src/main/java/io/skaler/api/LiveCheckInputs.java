package io.skaler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.api.check.CheckInput;
import io.skaler.api.check.MetricsProbe;
import io.skaler.api.check.SlurmEndpoint;
import io.skaler.kube.KubeDocuments.KubeObject;
import io.skaler.policy.Policy;
import io.skaler.policy.PolicyParser;
import io.skaler.policy.PolicyResult;
import io.skaler.slurm.ApiVersion;
import io.skaler.slurm.ParseLimits;
import io.skaler.slurm.SlurmClient;
import io.skaler.slurm.SlurmClientSettings;
import io.skaler.slurm.SlurmReader;
import io.skaler.slurm.TokenFile;
import io.skaler.slurm.TokenSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code skaler check --live}: the input of the checks read from the cluster (through a kubeconfig or the pod's
 * service account), slurmrestd and the metrics endpoint. Every read that fails becomes part of the input (an
 * unreachable slurmrestd is a failed line, a kind that cannot be listed is absent) rather than an exception.
 */
final class LiveCheckInputs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveCheckInputs() {
    }

    static CheckInput gather(Optional<Path> kubeconfig, Optional<Path> policyFile, Optional<URI> slurmUrl,
            Optional<Path> tokenFile, Optional<URI> metricsUrl, Instant now) throws BadInputException {
        Map<String, String> env = System.getenv();
        CheckInput in = CheckInput.empty(now);
        try (KubernetesClient kube = client(kubeconfig)) {
            Optional<Policy> policy = policyFile.isPresent() ? Optional.of(PlanInputs.policy(policyFile.get()))
                    : policyFromConfigMap(kube, env);
            if (policy.isPresent()) {
                in = in.withPolicy(policy.get());
            }
            TreeSet<String> namespaces = new TreeSet<>();
            policy.ifPresent(p -> p.partitions().forEach(x -> x.nodeSets().forEach(n -> namespaces.add(
                    n.ref().namespace()))));
            if (namespaces.isEmpty()) {
                namespaces.add(env.getOrDefault("SKALER_KUBE_NAMESPACE", "slurm"));
            }
            in = in.withObjects(objects(kube, namespaces)).withAccess(access(kube, namespaces));
        }
        Optional<URI> url = slurmUrl.or(() -> Optional.ofNullable(env.get("SKALER_SLURM_URL")).map(URI::create));
        Optional<Path> token = tokenFile.or(() -> Optional.ofNullable(env.get("SKALER_SLURM_AUTH_TOKEN_FILE"))
                .map(Path::of));
        if (url.isPresent()) {
            in = slurm(in, url.get(), token);
        }
        Optional<URI> metrics = metricsUrl.or(() -> env.containsKey("SKALER_SLURM_URL")
                ? Optional.of(URI.create("http://127.0.0.1:8080/q/metrics")) : Optional.empty());
        if (metrics.isPresent()) {
            in = in.withMetrics(probeMetrics(metrics.get()));
        }
        return in;
    }

    private static KubernetesClient client(Optional<Path> kubeconfig) throws BadInputException {
        if (kubeconfig.isEmpty()) {
            return new KubernetesClientBuilder().build();
        }
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(
                    Files.readString(kubeconfig.get()))).build();
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(kubeconfig.get().toString(), "", "not a usable kubeconfig: " + e.getMessage());
        }
    }

    private static Optional<Policy> policyFromConfigMap(KubernetesClient kube, Map<String, String> env)
            throws BadInputException {
        String ns = env.getOrDefault("SKALER_KUBE_POLICY_NAMESPACE", "skaler");
        String name = env.getOrDefault("SKALER_KUBE_POLICY_CONFIG_MAP", "skaler-policy");
        var cm = quietly(() -> kube.configMaps().inNamespace(ns).withName(name).get());
        if (cm == null || cm.getData() == null || !cm.getData().containsKey("policy.yaml")) {
            return Optional.empty();
        }
        PolicyResult result = PolicyParser.parse(cm.getData().get("policy.yaml"));
        if (result instanceof PolicyResult.Valid valid) {
            return Optional.of(valid.policy());
        }
        var first = ((PolicyResult.Invalid) result).errors().get(0);
        throw new BadInputException("ConfigMap " + ns + "/" + name, first.path(), first.reason());
    }

    /** Everything the checks look at; a kind the cluster does not serve or lets us list is left out. */
    static List<KubeObject> objects(KubernetesClient kube, Iterable<String> namespaces) {
        List<KubeObject> out = new ArrayList<>();
        add(out, () -> kube.apiextensions().v1().customResourceDefinitions().list().getItems());
        add(out, () -> kube.genericKubernetesResources("karpenter.sh/v1", "NodePool").list().getItems());
        add(out, () -> kube.genericKubernetesResources("karpenter.sh/v1", "NodeClaim").list().getItems());
        add(out, () -> kube.nodes().list().getItems());
        for (String ns : namespaces) {
            for (String kind : List.of("NodeSet", "Controller", "RestApi")) {
                add(out, () -> kube.genericKubernetesResources("slinky.slurm.net/v1beta1", kind).inNamespace(ns)
                        .list().getItems());
            }
            add(out, () -> kube.pods().inNamespace(ns).list().getItems());
        }
        return out;
    }

    private static void add(List<KubeObject> out, Supplier<List<? extends HasMetadata>> list) {
        List<? extends HasMetadata> items = quietly(list);
        if (items == null) {
            return;
        }
        for (HasMetadata o : items) {
            JsonNode body = JSON.valueToTree(o);
            String ns = o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace();
            String name = o.getMetadata().getName();
            out.add(new KubeObject("cluster (" + o.getKind() + " " + (ns.isEmpty() ? name : ns + "/" + name) + ")",
                    o.getKind(), o.getApiVersion(), ns, name, body));
        }
    }

    /** May the current identity update {@code nodesets/scale} in each namespace (SelfSubjectAccessReview)? */
    static Map<String, Boolean> access(KubernetesClient kube, Iterable<String> namespaces) {
        Map<String, Boolean> out = new TreeMap<>();
        for (String ns : namespaces) {
            var review = quietly(() -> kube.authorization().v1().selfSubjectAccessReview().create(
                    new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
                            .withGroup("slinky.slurm.net").withResource("nodesets").withSubresource("scale")
                            .withVerb("update").withNamespace(ns).endResourceAttributes().endSpec().build()));
            if (review != null && review.getStatus() != null) {
                out.put(ns, Boolean.TRUE.equals(review.getStatus().getAllowed()));
            }
        }
        return out;
    }

    private static CheckInput slurm(CheckInput in, URI url, Optional<Path> tokenFile) {
        Optional<SlurmEndpoint.TokenClaims> claims = Optional.empty();
        TokenSource tokens = TokenSource.none();
        if (tokenFile.isPresent()) {
            try {
                claims = Optional.of(JwtClaims.read(Files.readString(tokenFile.get())));
            } catch (IOException | IllegalArgumentException e) {
                return in.withEndpoint(new SlurmEndpoint(url.toString(), Optional.of("token file "
                        + tokenFile.get() + ": " + e.getMessage()), List.of(), Optional.empty(), Optional.empty()));
            }
            tokens = new TokenFile(tokenFile.get(), Optional.empty());
        }
        var client = new SlurmClient(SlurmClientSettings.of(url).withTimeouts(Duration.ofSeconds(5),
                Duration.ofSeconds(60)), tokens, new SimpleMeterRegistry());
        try {
            List<String> served = new ArrayList<>();
            for (ApiVersion v : ApiVersion.newestFirst()) {
                if (client.serves(v)) {
                    served.add(v.text());
                }
            }
            String chosen = client.apiVersion().text();
            var snapshot = new SlurmReader(client, ParseLimits.DEFAULT, SlurmReader.DEFAULT_FULL_READ_INTERVAL, Clock.systemUTC())
                    .readSnapshot();
            return in.withSlurm(snapshot).withEndpoint(new SlurmEndpoint(url.toString(), Optional.empty(), served,
                    Optional.of(chosen), claims));
        } catch (Exception e) {
            return in.withEndpoint(new SlurmEndpoint(url.toString(), Optional.of(SkalerCommand.oneLine(
                    String.valueOf(e.getMessage()))), List.of(), Optional.empty(), claims));
        }
    }

    static MetricsProbe probeMetrics(URI url) {
        try {
            var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            var answer = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return new MetricsProbe(url.toString(), Optional.of("HTTP " + answer.statusCode()), false);
            }
            return new MetricsProbe(url.toString(), Optional.empty(), answer.body().contains("skaler_"));
        } catch (IOException e) {
            return new MetricsProbe(url.toString(), Optional.of("unreachable: " + e), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MetricsProbe(url.toString(), Optional.of("interrupted"), false);
        }
    }

    private static <T> T quietly(Supplier<T> read) {
        try {
            return read.get();
        } catch (KubernetesClientException e) {
            return null; // not served (no CRD) or not allowed: the checks see the kind as absent
        }
    }
}
