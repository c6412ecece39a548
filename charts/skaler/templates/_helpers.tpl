{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "skaler.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; the release name alone when it already contains the chart name. */}}
{{- define "skaler.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "skaler.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "skaler.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: skaler
{{- end }}

{{- define "skaler.selectorLabels" -}}
app.kubernetes.io/name: {{ include "skaler.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "skaler.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "skaler.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "skaler.policyConfigMap" -}}
{{- default (printf "%s-policy" (include "skaler.fullname" .)) .Values.policy.configMapName }}
{{- end }}

{{- define "skaler.leaseName" -}}
{{- default (printf "%s-leader" (include "skaler.fullname" .)) .Values.leaderElection.leaseName }}
{{- end }}

{{- define "skaler.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The PromQL selector of this release's own series (job = the Service name the ServiceMonitor scrapes). */}}
{{- define "skaler.alertSelector" -}}
job="{{ include "skaler.fullname" . }}"
{{- end }}

{{- define "skaler.runbook" -}}
{{- printf "%s#%s" .root.Values.metrics.prometheusRule.runbookBaseUrl (lower .alert) }}
{{- end }}

{{/* Namespaces that hold managed NodeSets; empty means cluster-wide (ClusterRole). */}}
{{- define "skaler.slurmNamespaces" -}}
{{- join "," .Values.rbac.slurmNamespaces }}
{{- end }}
