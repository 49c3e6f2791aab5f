-- StorageUploadCommand: a command line that uploads (upload marker) and names a cloud storage
-- destination, whatever the binary is called (curl, /usr/bin/curl, a renamed curl.exe,
-- python3.12, pwsh). A URL cannot be taken apart reliably inside a command line, so the
-- destination is a host needle (has: 'x.blob.core.windows.net' has 'blob.core.windows.net')
-- or, for S3's region-in-the-name hosts that no fixed needle lists, a regular expression
-- behind the needle 'amazonaws.com'. Copy tools (aws s3, gsutil, gcloud storage, azcopy) upload
-- only when their first positional argument is local; MEGAcmd, megatools and dbxcli name
-- their service themselves. Each OR branch carries a needle the line prefilter understands.
CREATE TEMPORARY VIEW StorageUploadCommands AS
SELECT
  `Timestamp`, DeviceName, AccountName,
  FileName, FolderPath, ProcessCommandLine,
  InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName,
  'StorageUploadCommand' AS Signal, DeviceId, ReportId, 'T1567.002' AS AttackTechnique,
  EventTime AS AlertTime, -- when the alert became known, in event time (tuning: repeats)
  -- for tuning (allowlist conditions), not written to the alerts
  FolderPath AS TuningProcessFolderPath,
  InitiatingProcessFolderPath AS TuningInitiatingProcessFolderPath,
  InitiatingProcessSignerType AS TuningSignerType,
  InitiatingProcessSignatureStatus AS TuningSignatureStatus
FROM DeviceProcessEvents
WHERE in_hunt_window(`Timestamp`)
  AND (
    -- a storage destination and an upload marker
    (
      (has_any(ProcessCommandLine, detection_list('WebUploadStorageHosts'))
        OR (has(ProcessCommandLine, 'amazonaws.com')
          AND REGEXP(LOWER(ProcessCommandLine), '(^|[^a-z0-9-])s3([.-][a-z0-9]+)*\.amazonaws\.com(\.cn)?([^a-z0-9.-]|$)'))
        -- Graph only on its drive paths: a POST to /users or /sendMail is administration
        OR (has(ProcessCommandLine, 'graph.microsoft.com')
          AND REGEXP(LOWER(ProcessCommandLine), 'graph\.microsoft\.com/(v1\.0|beta)/[^\s"'']*drives?/'))
        OR has_any(ProcessCommandLine, detection_list('WebUploadRemoteSchemes')))
      AND (
        has_any(ProcessCommandLine, detection_list('WebUploadMarkers'))
        -- curl's short flags are case-sensitive (-f fails, -F posts a form; -t is telnet);
        -- a wget -T 30 (timeout) has a number where curl -T has a file
        OR REGEXP(ProcessCommandLine, '(^|\s)(-[A-Za-z]{0,3}F\s*["'']?[^\s"''=]*=|-[A-Za-z]{0,3}T(\s+["'']?(?![0-9.]+["'']?(\s|$))\S|["'']|[^\s"'']*[./\\])|(-[A-Za-z]{0,3}d|--data(-binary|-ascii|-urlencode)?)(\s+|=)?["'']?@|(-X\s*|--request[\s=]+)["'']?PUT)')
        -- copy tools, upload direction: the source (first positional argument) is not remote
        OR (REGEXP(ProcessCommandLine, '(?i)(^|[\s"''\\/])(aws(\.exe)?["'']?\s+(\S+\s+)*?s3\s+(cp|mv|sync)|gsutil(\.cmd|\.py)?["'']?\s+(\S+\s+)*?(cp|mv|rsync)|gcloud(\.cmd)?["'']?\s+(\S+\s+)*?storage\s+(cp|mv|rsync)|azcopy(\.exe)?["'']?\s+(copy|cp|sync))\s')
          AND NOT REGEXP(ProcessCommandLine, '(?i)(^|[\s"''\\/])(aws(\.exe)?["'']?\s+(\S+\s+)*?s3\s+(cp|mv|sync)|gsutil(\.cmd|\.py)?["'']?\s+(\S+\s+)*?(cp|mv|rsync)|gcloud(\.cmd)?["'']?\s+(\S+\s+)*?storage\s+(cp|mv|rsync)|azcopy(\.exe)?["'']?\s+(copy|cp|sync))\s+((--(profile|region|endpoint-url|cache-control|content-type|content-encoding|content-disposition|content-language|acl|storage-class|sse|sse-kms-key-id|sse-c|include|exclude|expires|metadata|metadata-directive|grants|source-region|ca-bundle|page-size|request-payer|checksum-algorithm|website-redirect|output)\s+["'']?[^\s"'']+["'']?|--?[a-z][\w-]*(=\S*)?|-[ahjlzxo]\s+["'']?[^\s"'']+["'']?)\s+)*["'']?(s3|gs|https?)://'))
      )
    )
    -- tools that name their service: MEGAcmd (mega-put, MEGAclient put), megatools, dbxcli
    OR (has_any(ProcessCommandLine, detection_list('WebUploadServiceTools'))
      AND REGEXP(ProcessCommandLine, '(?i)(mega-?put|(megatools|megaclient|dbxcli)(\.exe)?["'']?\s+put)([^a-z0-9]|$)'))
  )
  -- the Defender sensor, sync clients and browsers, by image name in their install folder
  AND NOT (in_ci(FileName, detection_list('WebUploadExcludedImages'))
    AND has_any(FolderPath, detection_list('WebUploadExcludedFolders')))
