package io.cloudexfil.hunt.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

import static io.cloudexfil.hunt.generate.Row.LARGE_CLOUD_UPLOAD;
import static io.cloudexfil.hunt.generate.Row.pick;

/**
 * Writes DeviceNetworkEvents rows. {@code RemoteUrl} is often null or empty, sometimes a bare
 * host, sometimes a URL with a scheme (sql/tables/README.md §1); {@code BytesSent}, which
 * Defender does not have, is present on about 30% of rows as if a proxy enrichment had filled
 * it, mostly small.
 *
 * <p>Background rows never hit LargeCloudUpload: a row whose RemoteUrl names a listed cloud
 * storage domain carries at most 10 MiB (or no byte count), and large transfers go elsewhere.
 */
final class NetworkEvents implements RowSource {

    /** Signal 1's threshold: {@code BytesSent > 10485760}. */
    static final long LARGE = 10_485_760L;

    // Keys in the order Defender writes them (sql/tables/README.md §3); then BytesSent (not Defender's)
    // and two undocumented keys of live records (InitiatingProcessUniqueId, MachineGroup).
    private static final byte[] K_TIMESTAMP = JsonLineWriter.key("Timestamp", true);
    private static final byte[] K_DEVICE_ID = JsonLineWriter.key("DeviceId", false);
    private static final byte[] K_DEVICE_NAME = JsonLineWriter.key("DeviceName", false);
    private static final byte[] K_ACTION_TYPE = JsonLineWriter.key("ActionType", false);
    private static final byte[] K_REMOTE_IP = JsonLineWriter.key("RemoteIP", false);
    private static final byte[] K_REMOTE_PORT = JsonLineWriter.key("RemotePort", false);
    private static final byte[] K_REMOTE_URL = JsonLineWriter.key("RemoteUrl", false);
    private static final byte[] K_LOCAL_IP = JsonLineWriter.key("LocalIP", false);
    private static final byte[] K_LOCAL_PORT = JsonLineWriter.key("LocalPort", false);
    private static final byte[] K_PROTOCOL = JsonLineWriter.key("Protocol", false);
    private static final byte[] K_LOCAL_IP_TYPE = JsonLineWriter.key("LocalIPType", false);
    private static final byte[] K_REMOTE_IP_TYPE = JsonLineWriter.key("RemoteIPType", false);
    private static final byte[] K_IP_FILE_NAME = JsonLineWriter.key("InitiatingProcessFileName", false);
    private static final byte[] K_IP_ID = JsonLineWriter.key("InitiatingProcessId", false);
    private static final byte[] K_IP_COMMAND_LINE = JsonLineWriter.key("InitiatingProcessCommandLine", false);
    private static final byte[] K_IP_CREATION_TIME = JsonLineWriter.key("InitiatingProcessCreationTime", false);
    private static final byte[] K_IP_FOLDER_PATH = JsonLineWriter.key("InitiatingProcessFolderPath", false);
    private static final byte[] K_IP_PARENT_FILE_NAME = JsonLineWriter.key("InitiatingProcessParentFileName", false);
    private static final byte[] K_IP_PARENT_ID = JsonLineWriter.key("InitiatingProcessParentId", false);
    private static final byte[] K_IP_PARENT_CREATION_TIME = JsonLineWriter.key("InitiatingProcessParentCreationTime", false);
    private static final byte[] K_IP_ACCOUNT_DOMAIN = JsonLineWriter.key("InitiatingProcessAccountDomain", false);
    private static final byte[] K_IP_ACCOUNT_NAME = JsonLineWriter.key("InitiatingProcessAccountName", false);
    private static final byte[] K_IP_ACCOUNT_SID = JsonLineWriter.key("InitiatingProcessAccountSid", false);
    private static final byte[] K_IP_ACCOUNT_UPN = JsonLineWriter.key("InitiatingProcessAccountUpn", false);
    private static final byte[] K_IP_ACCOUNT_OBJECT_ID = JsonLineWriter.key("InitiatingProcessAccountObjectId", false);
    private static final byte[] K_IP_INTEGRITY_LEVEL = JsonLineWriter.key("InitiatingProcessIntegrityLevel", false);
    private static final byte[] K_IP_TOKEN_ELEVATION = JsonLineWriter.key("InitiatingProcessTokenElevation", false);
    private static final byte[] K_REPORT_ID = JsonLineWriter.key("ReportId", false);
    private static final byte[] K_APP_GUARD_CONTAINER_ID = JsonLineWriter.key("AppGuardContainerId", false);
    private static final byte[] K_ADDITIONAL_FIELDS = JsonLineWriter.key("AdditionalFields", false);
    private static final byte[] K_IP_SESSION_ID = JsonLineWriter.key("InitiatingProcessSessionId", false);
    private static final byte[] K_IS_IP_REMOTE_SESSION = JsonLineWriter.key("IsInitiatingProcessRemoteSession", false);
    private static final byte[] K_IP_REMOTE_SESSION_DEVICE_NAME = JsonLineWriter.key("InitiatingProcessRemoteSessionDeviceName", false);
    private static final byte[] K_IP_REMOTE_SESSION_IP = JsonLineWriter.key("InitiatingProcessRemoteSessionIP", false);
    private static final byte[] K_BYTES_SENT = JsonLineWriter.key("BytesSent", false);
    private static final byte[] K_IP_UNIQUE_ID = JsonLineWriter.key("InitiatingProcessUniqueId", false);
    private static final byte[] K_MACHINE_GROUP = JsonLineWriter.key("MachineGroup", false);
    private static final byte[] K_IP_SHA1 = JsonLineWriter.key("InitiatingProcessSHA1", false);
    private static final byte[] K_IP_SHA256 = JsonLineWriter.key("InitiatingProcessSHA256", false);
    private static final byte[] K_IP_MD5 = JsonLineWriter.key("InitiatingProcessMD5", false);
    private static final byte[] K_IP_FILE_SIZE = JsonLineWriter.key("InitiatingProcessFileSize", false);
    private static final byte[] K_IP_VERSION_INFO_COMPANY_NAME = JsonLineWriter.key("InitiatingProcessVersionInfoCompanyName", false);
    private static final byte[] K_IP_VERSION_INFO_PRODUCT_NAME = JsonLineWriter.key("InitiatingProcessVersionInfoProductName", false);
    private static final byte[] K_IP_VERSION_INFO_PRODUCT_VERSION = JsonLineWriter.key("InitiatingProcessVersionInfoProductVersion", false);
    private static final byte[] K_IP_VERSION_INFO_INTERNAL_FILE_NAME = JsonLineWriter.key("InitiatingProcessVersionInfoInternalFileName", false);
    private static final byte[] K_IP_VERSION_INFO_ORIGINAL_FILE_NAME = JsonLineWriter.key("InitiatingProcessVersionInfoOriginalFileName", false);
    private static final byte[] K_IP_VERSION_INFO_FILE_DESCRIPTION = JsonLineWriter.key("InitiatingProcessVersionInfoFileDescription", false);
    private static final byte[][] EMPTY = JsonLineWriter.encode("");
    private static final byte[][] PRIVATE = JsonLineWriter.encode("Private");

    /** Hosts of everyday traffic (none is a listed cloud storage domain). */
    private static final String[] HOSTS = {
        "login.microsoftonline.com", "outlook.office365.com", "teams.microsoft.com", "www.google.com",
        "settings-win.data.microsoft.com", "eu-v20.events.data.microsoft.com", "winatp-gw-weu.microsoft.com",
        "ctldl.windowsupdate.com", "fe3cr.delivery.mp.microsoft.com", "contoso.sharepoint.com",
        "contoso-my.sharepoint.com", "www.bing.com", "github.com", "api.github.com", "objects.githubusercontent.com",
        "registry.npmjs.org", "pypi.org", "files.pythonhosted.org", "cdn.jsdelivr.net", "fonts.gstatic.com",
        "www.linkedin.com", "slack.com", "zoom.us", "update.googleapis.com", "clients2.google.com",
        "edge.microsoft.com", "nav.smartscreen.microsoft.com", "ocsp.digicert.com", "crl3.digicert.com",
        "time.windows.com", "packages.microsoft.com", "archive.ubuntu.com", "security.ubuntu.com",
        "mcr.microsoft.com", "docker.io", "registry-1.docker.io", "gitlab.corp.contoso.com", "intranet.contoso.com",
        "wpad.corp.contoso.com", "proxy.corp.contoso.com", "www.wikipedia.org", "news.ycombinator.com",
        "amazon.com", "cdn.office.net", "config.teams.microsoft.com", "mobile.events.data.microsoft.com",
        "swscan.apple.com", "gateway.icloud.com", "mesu.apple.com", "xp.apple.com",
    };
    /** Listed cloud storage domains seen in ordinary sync traffic (small or unknown volume). */
    private static final String[] CLOUD_HOSTS = {
        "graph.microsoft.com", "onedrive.live.com", "api.onedrive.com", "www.googleapis.com", "drive.google.com",
        "dropbox.com", "api.dropboxapi.com", "content.dropboxapi.com", "s3.amazonaws.com", "oauth2.googleapis.com",
        "storage.googleapis.com", "files.1drv.com", "api.box.com",
    };
    /** Internal or unlisted destinations of large transfers (backups, file shares, media). */
    private static final String[] BULK_HOSTS = {
        "backup01.corp.contoso.com", "veeam-repo.corp.contoso.com", "fs01.corp.contoso.com", "teams.microsoft.com",
        "contoso.sharepoint.com", "gitlab.corp.contoso.com", "registry-1.docker.io", "backup.contoso.example",
        "blob.core.windows.net", "contosobackups.blob.core.windows.net", "s3.eu-central-1.amazonaws.com",
    };
    private static final String[] PATHS = {
        "/", "/common/oauth2/v2.0/token", "/api/v2/telemetry", "/owa/", "/v1.0/me/messages", "/search?q=quarterly+report",
        "/msdownload/update/v3/static/trustedr/en/authrootstl.cab", "/en-us/", "/_api/web/lists", "/login",
    };

    private static final int[] INTERNAL_PORTS = {445, 445, 445, 135, 3389, 88, 389};
    private static final int[] ACTION_W = Row.cumulative(70, 6, 9, 5, 3, 4, 3);
    private static final String[] ACTIONS = {
        "ConnectionSuccess", "ConnectionFailed", "ConnectionRequest", "InboundConnectionAccepted",
        "ListeningConnectionCreated", "SslConnectionInspected", "DnsConnectionInspected",
    };

    private static final String[][] WIN_PROCS = {
        // file, folder, command line, parent
        {"chrome.exe", "c:\\program files\\google\\chrome\\application\\chrome.exe",
            "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none", "explorer.exe"},
        {"msedge.exe", "c:\\program files (x86)\\microsoft\\edge\\application\\msedge.exe",
            "\"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none", "explorer.exe"},
        {"svchost.exe", "c:\\windows\\system32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k NetworkService -p -s Dnscache", "services.exe"},
        {"svchost.exe", "c:\\windows\\system32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s wuauserv", "services.exe"},
        {"MsSense.exe", "c:\\program files\\windows defender advanced threat protection\\mssense.exe", "\"MsSense.exe\"", "services.exe"},
        {"OUTLOOK.EXE", "c:\\program files\\microsoft office\\root\\office16\\outlook.exe",
            "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE\" /recycle", "explorer.exe"},
        {"ms-teams.exe", "c:\\program files\\windowsapps\\msteams_26290.205.4069.4894_x64__8wekyb3d8bbwe\\ms-teams.exe",
            "\"C:\\Program Files\\WindowsApps\\MSTeams_26290.205.4069.4894_x64__8wekyb3d8bbwe\\ms-teams.exe\" msteams:system-initiated", "explorer.exe"},
        {"OneDrive.exe", "c:\\users\\%p\\appdata\\local\\microsoft\\onedrive\\onedrive.exe",
            "\"C:\\Users\\%p\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe\" /background", "explorer.exe"},
        {"GoogleDriveFS.exe", "c:\\program files\\google\\drive file stream\\104.0.3.0\\googledrivefs.exe",
            "\"C:\\Program Files\\Google\\Drive File Stream\\104.0.3.0\\GoogleDriveFS.exe\" --startup_mode", "explorer.exe"},
        {"Dropbox.exe", "c:\\program files (x86)\\dropbox\\client\\dropbox.exe",
            "\"C:\\Program Files (x86)\\Dropbox\\Client\\Dropbox.exe\" /systemstartup", "explorer.exe"},
        {"powershell.exe", "c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe",
            "powershell.exe -NoP -NonI -Command \"Invoke-WebRequest -Uri https://aka.ms/getwinget -OutFile $env:TEMP\\w.msixbundle\"", "explorer.exe"},
        {"lsass.exe", "c:\\windows\\system32\\lsass.exe", "C:\\Windows\\system32\\lsass.exe", "wininit.exe"},
        {"System", "", "", null},
        {"VeeamAgent.exe", "c:\\program files (x86)\\veeam\\backup transport\\x64\\veeamagent.exe",
            "\"C:\\Program Files (x86)\\Veeam\\Backup Transport\\x64\\VeeamAgent.exe\" -l startAgent", "VeeamTransportSvc.exe"},
    };
    private static final int[] WIN_PROCS_W = Row.cumulative(20, 12, 14, 6, 9, 6, 6, 5, 2, 2, 2, 5, 4, 2);
    private static final String[][] UNIX_PROCS = {
        {"curl", "/usr/bin/curl", "curl -fsSL https://packages.microsoft.com/keys/microsoft.asc -o /tmp/microsoft.asc", "bash"},
        {"python3", "/usr/bin/python3.12", "/usr/bin/python3 /opt/worker/worker.py --queue ingest --concurrency 4", "systemd"},
        {"java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java -Xmx4g -jar /opt/billing-service/app.jar", "systemd"},
        {"sshd", "/usr/sbin/sshd", "sshd: deploy [priv]", "sshd"},
        {"wdavdaemon", "/opt/microsoft/mdatp/sbin/wdavdaemon", "/opt/microsoft/mdatp/sbin/wdavdaemon edr 12 11 --log_level info", "launchd"},
        {"Google Chrome Helper", "/applications/google chrome.app/contents/frameworks/google chrome framework.framework/helpers/google chrome helper.app/contents/macos/google chrome helper",
            "/Applications/Google Chrome.app/Contents/Frameworks/Google Chrome Framework.framework/Helpers/Google Chrome Helper.app/Contents/MacOS/Google Chrome Helper --type=utility --utility-sub-type=network.mojom.NetworkService", "Google Chrome"},
    };

    private final Fleet fleet;
    private final SplittableRandom r;
    private final JsonLineWriter w;
    private final byte[] datePrefix;
    private final long[] reportIds;
    private final StringBuilder url = new StringBuilder(256);
    private final StringBuilder remoteIp = new StringBuilder(48);
    private final StringBuilder tmp = new StringBuilder(256);
    /** Draws for the columns added in format 2 (a stream of its own: see {@link #emit}). */
    private final SplittableRandom x;
    private final Images images;

    // The row being built.
    private String action;
    private boolean urlNull;
    private boolean urlPresent;
    private int remotePort;
    private String protocol;
    private String ipType;
    private String procFile;
    private String procFolder;
    private String procCmd;
    private String procParent;
    /** The template's file name and command line (a template that changes them is noticed by identity). */
    private String templateFile;
    private String templateCmd;
    private Fleet.User account;
    private long bytes;

    NetworkEvents(Fleet fleet, long seed, JsonLineWriter w, byte[] datePrefix) {
        this.fleet = fleet;
        this.r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 2);
        this.x = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 12);
        this.images = new Images(seed);
        this.w = w;
        this.datePrefix = datePrefix;
        this.reportIds = new long[fleet.devices.length];
        for (int i = 0; i < reportIds.length; i++) {
            reportIds[i] = 1000 + r.nextInt(60000);
        }
    }

    @Override
    public SplittableRandom random() {
        return r;
    }

    @Override
    public int write(long tick, RowKind kind) throws IOException {
        int d = fleet.pick(r);
        Fleet.Device dev = fleet.devices[d];
        w.escapeNonAscii = r.nextInt(10) == 0;
        url.setLength(0);
        remoteIp.setLength(0);
        bytes = -1;
        urlNull = false;
        urlPresent = true;
        remotePort = 443;
        protocol = "Tcp";
        ipType = "Public";
        account = dev.user;
        action = ACTIONS[Row.weighted(r, ACTION_W)];
        process(dev);
        int mask = 0;
        switch (kind) {
            case HIT:
                mask = hit(dev);
                break;
            case NEAR_MISS:
                nearMiss(dev);
                break;
            default:
                background(dev);
        }
        if (remoteIp.length() == 0) {
            Row.publicIp(remoteIp, r);
        }
        emit(dev, d, tick);
        return mask;
    }

    private void process(Fleet.Device dev) {
        String[] p = dev.os == Fleet.Os.WINDOWS ? WIN_PROCS[Row.weighted(r, WIN_PROCS_W)] : UNIX_PROCS[r.nextInt(UNIX_PROCS.length)];
        procFile = p[0];
        procFolder = p[1].replace("%p", dev.user.profile.toLowerCase(java.util.Locale.ROOT));
        procCmd = p[2].replace("%p", dev.user.profile);
        procParent = p[3];
        templateFile = procFile;
        templateCmd = procCmd;
        if (procFile.equals("svchost.exe") || procFile.equals("lsass.exe") || procFile.equals("System")
                || procFile.equals("MsSense.exe") || procFile.equals("VeeamAgent.exe")) {
            account = procFile.equals("svchost.exe") ? Fleet.NETWORK_SERVICE : Fleet.SYSTEM;
        }
    }

    private void background(Fleet.Device dev) {
        int u = r.nextInt(100);
        if (u < 45) {
            urlNull = true;
            urlPresent = r.nextInt(3) != 0; // an explicit null or no key at all
        } else if (u < 60) {
            // "" (seen in live samples)
        } else if (u < 67) {
            cloudUrl();
        } else {
            if (r.nextInt(4) == 0) {
                url.append(r.nextInt(5) == 0 ? "http://" : "https://");
                url.append(pick(r, HOSTS)).append(pick(r, PATHS));
            } else {
                url.append(pick(r, HOSTS));
            }
        }
        int kind = r.nextInt(100);
        if (kind < 8) { // DNS
            remotePort = 53;
            protocol = "Udp";
            ipType = "Private";
            remoteIp.append("10.0.0.").append(r.nextBoolean() ? 10 : 11);
            urlNull = true;
            urlPresent = r.nextBoolean();
        } else if (kind < 14) { // SMB / RPC / RDP inside the network
            remotePort = INTERNAL_PORTS[r.nextInt(INTERNAL_PORTS.length)];
            ipType = "Private";
            remoteIp.append("10.").append(16 + r.nextInt(48)).append('.').append(r.nextInt(256)).append('.')
                    .append(2 + r.nextInt(250));
        } else if (kind < 17) {
            remotePort = 80;
        } else if (kind < 19) {
            protocol = "TcpV6";
            remoteIp.append("2603:1061:14:").append(Integer.toHexString(r.nextInt(0x10000))).append("::")
                    .append(Integer.toHexString(1 + r.nextInt(0xfff)));
        } else if (kind < 20) {
            remotePort = 8080;
        }
        if (r.nextInt(100) < 30) { // enriched with a byte count
            boolean cloud = isCloudUrl();
            bytes = smallBytes();
            if (!cloud && r.nextInt(100) < 4) {
                bytes = LARGE + 1 + (long) (r.nextDouble() * r.nextDouble() * 4_000_000_000L);
                if (url.length() == 0 || urlNull) {
                    url.setLength(0);
                    urlNull = false;
                    url.append(pick(r, BULK_HOSTS));
                }
            } else if (cloud && bytes > LARGE) {
                bytes = LARGE - r.nextInt(1000);
            }
        }
    }

    private boolean isCloudUrl() {
        if (urlNull) {
            return false;
        }
        for (String h : CLOUD_HOSTS) {
            if (indexOfIgnoreCase(url, h) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOfIgnoreCase(CharSequence s, String needle) {
        int n = needle.length();
        outer:
        for (int i = 0; i + n <= s.length(); i++) {
            for (int k = 0; k < n; k++) {
                if (Character.toLowerCase(s.charAt(i + k)) != needle.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void cloudUrl() {
        String h = pick(r, CLOUD_HOSTS);
        switch (r.nextInt(3)) {
            case 0:
                url.append(h);
                break;
            case 1:
                url.append("https://").append(h).append(pick(r, new String[] {"/v1.0/me/drive/root/delta", "/2/files/list_folder",
                    "/drive/v3/changes?pageToken=" + r.nextInt(100000), "/", "/oauth2/v4/token"}));
                break;
            default:
                url.append(pick(r, new String[] {"contoso-assets", "static-site", "build-cache"})).append('.').append(h);
        }
        procFile = pick(r, new String[] {"OneDrive.exe", "GoogleDriveFS.exe", "Dropbox.exe", "chrome.exe", "msedge.exe"});
    }

    /** Most connections move little: log-uniform between 60 B and 8 MiB. */
    private long smallBytes() {
        return (long) Math.exp(Math.log(60) + r.nextDouble() * (Math.log(8 << 20) - Math.log(60)));
    }

    private int hit(Fleet.Device dev) {
        action = "ConnectionSuccess";
        bytes = LARGE + 1 + (long) (r.nextDouble() * r.nextDouble() * 2_000_000_000L);
        switch (r.nextInt(10)) {
            case 0:
                url.append("content.dropboxapi.com");
                procFile = "Dropbox.exe";
                break;
            case 1:
                url.append("https://graph.microsoft.com/v1.0/me/drive/items/01");
                Row.upperHex(url, r, 32);
                url.append("/content");
                procFile = "OneDrive.exe";
                break;
            case 2:
                url.append(pick(r, new String[] {"veeam-capacity-tier", "acronis-cloud", "corp-archive"})).append(".s3.amazonaws.com");
                procFile = "VeeamAgent.exe";
                account = Fleet.SYSTEM;
                break;
            case 3: // upper case: has is case-insensitive
                url.append("HTTPS://API.DROPBOXAPI.COM/2/files/upload");
                procFile = "rundll32.exe";
                procCmd = "rundll32.exe C:\\Users\\Public\\Libraries\\libcurl.dll,Start";
                break;
            case 4: // '.' after the domain is a separator: still a hit
                url.append("https://dropbox.com.evil.example/u/").append(r.nextInt(100000));
                procFile = "powershell.exe";
                break;
            case 5: // one byte over the threshold
                bytes = LARGE + 1;
                url.append("files.1drv.com");
                procFile = "OneDrive.exe";
                break;
            case 6:
                url.append("mega.nz");
                procFile = "rclone.exe";
                procCmd = "rclone.exe copy C:\\Users\\Public\\Documents mega:backup --transfers 8";
                break;
            case 7:
                url.append("https://www.googleapis.com/upload/drive/v3/files?uploadType=resumable&upload_id=");
                Row.alnum(url, r, 40);
                procFile = "GoogleDriveFS.exe";
                break;
            case 8:
                url.append("upload.box.com");
                procFile = "chrome.exe";
                break;
            default:
                url.append("https://storage.googleapis.com/upload/storage/v1/b/").append(r.nextInt(1000)).append("/o");
                procFile = "python3";
                procCmd = "python3 /opt/etl/export.py --to gs://exports";
        }
        return LARGE_CLOUD_UPLOAD;
    }

    private void nearMiss(Fleet.Device dev) {
        action = "ConnectionSuccess";
        bytes = LARGE + 1 + (long) (r.nextDouble() * 900_000_000L);
        switch (r.nextInt(8)) {
            case 0:
                url.append("notdropbox.com");
                break;
            case 1: // exactly the threshold is not above it
                url.append("content.dropboxapi.com");
                bytes = LARGE;
                break;
            case 2: // regional S3 host, not in the list
                url.append("https://s3.eu-west-1.amazonaws.com/").append(r.nextInt(1000));
                break;
            case 3:
                url.append("graph.microsoft.community");
                break;
            case 4: // MEGA's storage hosts are not in the list
                url.append("https://userstorage.mega.co.nz/ul/");
                Row.alnum(url, r, 30);
                break;
            case 5: // a cloud domain without a byte count
                url.append("https://api.dropboxapi.com/2/files/upload_session/finish");
                bytes = -1;
                break;
            case 6:
                url.append("mydropbox.com");
                break;
            default: // a large upload to a cloud host whose name only contains a listed one
                url.append("https://mega.nzb.example/");
        }
    }

    private void emit(Fleet.Device dev, int d, long tick) throws IOException {
        boolean windows = dev.os == Fleet.Os.WINDOWS;
        // The draws of the first format, in its order (see ProcessEvents.emit); new columns draw from x.
        int localPort = 49152 + r.nextInt(16383);
        r.nextInt(100); // was: whether RemoteIPType is written
        r.nextInt(100); // was: whether InitiatingProcessFolderPath is written
        long initId = windows ? (25 + r.nextInt(16000)) * 4L : 300 + r.nextInt(400000);
        r.nextInt(100); // was: whether InitiatingProcessCommandLine is written
        if (procParent != null) {
            r.nextInt(100); // was: whether InitiatingProcessParentFileName is written
        }
        r.nextInt(100); // was: whether InitiatingProcessAccountDomain is written
        if (r.nextInt(100) < 5) { // was: a random InitiatingProcessSHA1
            tmp.setLength(0);
            Row.hex(tmp, r, 40);
        }
        reportIds[d] += 1 + r.nextInt(3);

        w.raw(K_TIMESTAMP);
        Row.timestamp(w, datePrefix, tick);
        w.field(K_DEVICE_ID, dev.id);
        w.field(K_DEVICE_NAME, dev.name);
        w.field(K_ACTION_TYPE, action);
        w.field(K_REMOTE_IP, remoteIp);
        w.field(K_REMOTE_PORT, remotePort);
        if (urlPresent) {
            w.field(K_REMOTE_URL, urlNull ? null : url);
        }
        w.field(K_LOCAL_IP, dev.localIp);
        w.field(K_LOCAL_PORT, localPort);
        w.field(K_PROTOCOL, protocol);
        w.field(K_LOCAL_IP_TYPE, PRIVATE);
        w.field(K_REMOTE_IP_TYPE, ipType);
        boolean inspection = action.endsWith("Inspected");
        if (inspection) {
            // network inspection (Zeek) events: no initiating process (sql/tables/README.md §7)
            for (byte[] k : INSPECTION_NULLS) {
                w.raw(k);
                w.nul();
            }
        } else {
            // the image's platform: a few hits put a Windows image on a Linux device or the other way round
            initiating(dev, procFile.equals("System") || procFile.regionMatches(true, procFile.length() - 4, ".exe", 0, 4),
                    tick, initId);
        }
        w.field(K_REPORT_ID, reportIds[d]);
        w.field(K_APP_GUARD_CONTAINER_ID, EMPTY);
        w.raw(K_ADDITIONAL_FIELDS);
        if (inspection) {
            tmp.setLength(0);
            inspected(tmp, dev);
            w.str(tmp);
        } else {
            w.nul();
        }
        boolean service = account == Fleet.SYSTEM || account == Fleet.NETWORK_SERVICE || account == Fleet.LOCAL_SERVICE;
        w.raw(K_IP_SESSION_ID);
        if (windows && !inspection) {
            w.num(service ? 0 : dev.sessionId);
        } else {
            w.nul();
        }
        boolean remote = windows && !inspection && !service && dev.remoteClientName != null;
        w.field(K_IS_IP_REMOTE_SESSION, remote);
        w.field(K_IP_REMOTE_SESSION_DEVICE_NAME, remote ? dev.remoteClientName : null);
        w.field(K_IP_REMOTE_SESSION_IP, remote ? dev.remoteClientIp : null);
        if (bytes >= 0) {
            w.field(K_BYTES_SENT, bytes);
        }
        w.raw(K_IP_UNIQUE_ID);
        if (inspection) {
            w.nul();
        } else {
            Row.uniqueId(w, x);
        }
        w.field(K_MACHINE_GROUP, dev.machineGroup);
        w.endLine();
    }

    private static final byte[][] INSPECTION_NULLS = {
        K_IP_SHA1, K_IP_SHA256, K_IP_MD5, K_IP_FILE_NAME, K_IP_FILE_SIZE, K_IP_VERSION_INFO_COMPANY_NAME,
        K_IP_VERSION_INFO_PRODUCT_NAME, K_IP_VERSION_INFO_PRODUCT_VERSION, K_IP_VERSION_INFO_INTERNAL_FILE_NAME,
        K_IP_VERSION_INFO_ORIGINAL_FILE_NAME, K_IP_VERSION_INFO_FILE_DESCRIPTION, K_IP_ID, K_IP_COMMAND_LINE,
        K_IP_CREATION_TIME, K_IP_FOLDER_PATH, K_IP_PARENT_FILE_NAME, K_IP_PARENT_ID, K_IP_PARENT_CREATION_TIME,
        K_IP_ACCOUNT_DOMAIN, K_IP_ACCOUNT_NAME, K_IP_ACCOUNT_SID, K_IP_ACCOUNT_UPN, K_IP_ACCOUNT_OBJECT_ID,
        K_IP_INTEGRITY_LEVEL, K_IP_TOKEN_ELEVATION,
    };

    /** The initiating process's columns: image, instance, parent, account. */
    private void initiating(Fleet.Device dev, boolean windows, long tick, long initId) {
        String folder = procFolder;
        CharSequence command = procCmd;
        if (procFile != templateFile) { // a template put another process on the connection
            String[] p = Images.parent(procFile, windows);
            folder = p[0].indexOf('%') >= 0 ? p[0].replace("%p", dev.user.profile.toLowerCase(Locale.ROOT)) : p[0];
            if (procCmd == templateCmd) {
                command = p[1].indexOf('%') >= 0 ? p[1].replace("%P", dev.user.profile).replace("%u", dev.user.login) : p[1];
            }
        }
        boolean esc = w.escapeNonAscii;
        Images.Image image = images.of(procFile, folder, windows, folder.length() % 3);
        w.raw(image.hashes(true, esc));
        w.field(K_IP_FILE_NAME, procFile);
        w.raw(image.details(true, esc));
        w.field(K_IP_ID, initId);
        w.field(K_IP_COMMAND_LINE, command);
        long created = Row.earlier(x, tick, 20_000_000L, 3 * Row.DAY_TICKS);
        w.raw(K_IP_CREATION_TIME);
        Row.time(w, created);
        w.field(K_IP_FOLDER_PATH, folder);
        w.field(K_IP_PARENT_FILE_NAME, procParent);
        w.field(K_IP_PARENT_ID, windows ? (25 + x.nextInt(16000)) * 4L : 1 + x.nextInt(400000));
        w.raw(K_IP_PARENT_CREATION_TIME);
        Row.time(w, Row.earlier(x, created, 5_000_000L, 3 * Row.DAY_TICKS));
        Fleet.User acc = !windows && account == Fleet.SYSTEM ? Fleet.ROOT : account;
        boolean service = acc == Fleet.SYSTEM || acc == Fleet.NETWORK_SERVICE || acc == Fleet.ROOT;
        w.field(K_IP_ACCOUNT_DOMAIN, account == Fleet.SYSTEM || account == Fleet.NETWORK_SERVICE
                ? (windows ? "nt authority" : dev.shortName) : windows ? "contoso" : dev.shortName);
        w.field(K_IP_ACCOUNT_NAME, acc.login);
        w.field(K_IP_ACCOUNT_SID, acc.sid);
        w.field(K_IP_ACCOUNT_UPN, acc.upn);
        w.field(K_IP_ACCOUNT_OBJECT_ID, acc.objectId);
        w.field(K_IP_INTEGRITY_LEVEL, !windows ? null : service ? "System" : "Medium");
        w.field(K_IP_TOKEN_ELEVATION, !windows ? null : service ? "TokenElevationTypeDefault" : "TokenElevationTypeLimited");
    }

    /** AdditionalFields of a Zeek-based inspection event (fields as in sql/tables/README.md §7). */
    private void inspected(StringBuilder sb, Fleet.Device dev) {
        String host = urlNull || url.length() == 0 ? pick(x, HOSTS) : url.toString();
        int slash = host.indexOf("://");
        if (slash >= 0) {
            host = host.substring(slash + 3);
        }
        int path = host.indexOf('/');
        if (path >= 0) {
            host = host.substring(0, path);
        }
        sb.append("{\"direction\":\"Out\",\"uid\":\"C");
        Row.alnum(sb, x, 17);
        if (action.startsWith("Dns")) {
            sb.append("\",\"query\":\"").append(host).append("\",\"qclass\":1,\"qclass_name\":\"C_INTERNET\",\"qtype\":1,")
                    .append("\"qtype_name\":\"A\",\"rcode\":0,\"rcode_name\":\"NOERROR\",\"AA\":false,\"TC\":false,")
                    .append("\"RD\":true,\"RA\":true,\"Z\":0,\"answers\":[\"");
            Row.publicIp(sb, x);
            sb.append("\"],\"TTLs\":[").append(30 + x.nextInt(3570)).append("],\"rejected\":false,\"trans_id\":")
                    .append(x.nextInt(65536)).append(",\"rtt\":0.0").append(10 + x.nextInt(89)).append('}');
        } else {
            sb.append("\",\"version\":\"").append(x.nextInt(5) == 0 ? "TLSv12" : "TLSv13").append("\",\"cipher\":\"")
                    .append(x.nextInt(3) == 0 ? "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" : "TLS_AES_256_GCM_SHA384")
                    .append("\",\"curve\":\"x25519\",\"server_name\":\"").append(host)
                    .append("\",\"resumed\":").append(x.nextInt(3) == 0).append(",\"established\":true,")
                    .append("\"next_protocol\":\"h2\",\"ja3\":\"");
            Row.hex(sb, x, 32);
            sb.append("\",\"ja3s\":\"");
            Row.hex(sb, x, 32);
            sb.append("\",\"subject\":\"CN=").append(host).append("\",\"issuer\":\"")
                    .append(x.nextBoolean() ? "CN=Microsoft Azure RSA TLS Issuing CA 07,O=Microsoft Corporation,C=US"
                            : "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1,O=DigiCert Inc,C=US")
                    .append("\",\"validation_status\":\"ok\"}");
        }
    }
}
