{{/* The release's resource names: <release>-<chart>, or the release alone when it already names the chart. */}}
{{- define "order-processing.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "order-processing.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: order-processing
{{- end -}}

{{/* Selector labels of one role: include with (list $ "api") or (list $ "worker"). */}}
{{- define "order-processing.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ $root.Chart.Name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "order-processing.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "order-processing.secretName" -}}
{{- .Values.secret.existingSecret | default (printf "%s-secret" (include "order-processing.fullname" .)) -}}
{{- end -}}

{{/* The pod's security: the image's unprivileged `node` user, a read-only root file system. */}}
{{- define "order-processing.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "order-processing.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end -}}

{{/* Settings both roles share: the ConfigMap, the Secret, the key ring file, extra environment. */}}
{{- define "order-processing.envFrom" -}}
- configMapRef:
    name: {{ include "order-processing.fullname" . }}-config
- secretRef:
    name: {{ include "order-processing.secretName" . }}
{{- end -}}

{{- define "order-processing.env" -}}
{{- if .Values.payloadEncryption.existingSecret }}
- name: PAYLOAD_ENCRYPTION_KEYS_FILE
  value: /var/run/secrets/order-processing/payload-encryption/{{ .Values.payloadEncryption.key }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "order-processing.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.payloadEncryption.existingSecret }}
- name: payload-encryption
  mountPath: /var/run/secrets/order-processing/payload-encryption
  readOnly: true
{{- end }}
{{- with .Values.extraVolumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "order-processing.volumes" -}}
- name: tmp
  emptyDir: {}
{{- if .Values.payloadEncryption.existingSecret }}
- name: payload-encryption
  secret:
    secretName: {{ .Values.payloadEncryption.existingSecret }}
    items:
      - key: {{ .Values.payloadEncryption.key }}
        path: {{ .Values.payloadEncryption.key }}
{{- end }}
{{- with .Values.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Roll the pods when their configuration changes (environment is read once, at start). */}}
{{- define "order-processing.configChecksum" -}}
checksum/config: {{ include (print .Template.BasePath "/config.yaml") . | sha256sum }}
checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end -}}
