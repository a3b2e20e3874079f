{{/* A service's settings: the `defaults` with the service's own values over them. */}}
{{- define "carecoord.service" -}}
{{- $svc := mergeOverwrite (deepCopy .root.Values.defaults) (dict "migrations" false "kafka" true "database" true "calls" list "egress" list "env" dict "secretEnv" dict) (deepCopy .svc) -}}
{{- toYaml $svc -}}
{{- end -}}

{{- define "carecoord.image" -}}
{{ .root.Values.image.registry }}{{ .root.Values.image.prefix }}/{{ .name }}:{{ .root.Values.image.tag }}
{{- end -}}

{{- define "carecoord.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: carecoord
helm.sh/chart: {{ .root.Chart.Name }}-{{ .root.Chart.Version }}
{{- end -}}

{{- define "carecoord.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* The environment every container of a service gets: its settings, then its Secret. */}}
{{- define "carecoord.env" -}}
- name: ENVIRONMENT
  value: {{ .root.Values.environment | quote }}
{{- if .svc.kafka }}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ .root.Values.kafka.bootstrapServers | quote }}
- name: JWT_JWKS_URL
  value: {{ .root.Values.jwtJwksUrl | quote }}
{{- end }}
{{- range $callee := .svc.calls }}
- name: {{ upper $callee }}_URL
  value: http://{{ $.root.Release.Name }}-{{ $callee }}
{{- end }}
{{- range $key, $value := .svc.env }}
- name: {{ $key }}
  value: {{ $value | quote }}
{{- end }}
{{- range $key, $_ := .svc.secretEnv }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef: { name: {{ $.root.Release.Name }}-{{ $.name }}, key: {{ $key }} }
{{- end }}
{{- end -}}

{{- define "carecoord.securityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities: { drop: [ALL] }
seccompProfile: { type: RuntimeDefault }
{{- end -}}
