{{/*
Names and labels, in one place so that every selector matches the labels it selects.
*/}}

{{/* The chart's name, or nameOverride. */}}
{{- define "edgeserve.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The release's full name, used for every object: fullnameOverride, else the release name when it already
holds the chart's name, else "RELEASE-CHART". Kubernetes names are at most 63 characters.
*/}}
{{- define "edgeserve.fullname" -}}
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

{{/* "edgeserve-0.1.0", for the helm.sh/chart label. */}}
{{- define "edgeserve.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The labels that select this release's pods; they never change between upgrades. */}}
{{- define "edgeserve.selectorLabels" -}}
app.kubernetes.io/name: {{ include "edgeserve.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Every object's labels: the selector labels and what describes the release. */}}
{{- define "edgeserve.labels" -}}
helm.sh/chart: {{ include "edgeserve.chart" . }}
{{ include "edgeserve.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/component: inference
app.kubernetes.io/part-of: edgeserve
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "edgeserve.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "edgeserve.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* An image reference from {repository, tag, digest}: by digest when one is given. */}}
{{- define "edgeserve.imageRef" -}}
{{- if .digest }}
{{- printf "%s@%s" .repository .digest }}
{{- else }}
{{- printf "%s:%s" .repository .tag }}
{{- end }}
{{- end }}

{{/* The container security context every container of the pod gets. */}}
{{- define "edgeserve.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
{{- end }}

{{/* The trusted public keys' files, as edgeserve.sync.public-keys reads them: comma-separated paths. */}}
{{- define "edgeserve.syncKeyFiles" -}}
{{- $files := list -}}
{{- range $i, $key := .Values.models.sync.publicKeys -}}
{{- $files = append $files (printf "/etc/edgeserve/sync-keys/key-%d.pem" $i) -}}
{{- end -}}
{{- join "," $files -}}
{{- end -}}
