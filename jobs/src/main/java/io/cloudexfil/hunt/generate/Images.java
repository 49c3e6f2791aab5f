package io.cloudexfil.hunt.generate;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What Defender reports about an executable image: hashes, size, the PE version resource
 * (company, product, version, internal and original name, description) and the signature. Stable
 * per image (file name and folder), as on a real fleet; built on first use and kept, with the
 * columns pre-encoded for both key sets (the new process's and the initiating process's) and both
 * string forms (UTF-8 and backslash-u escapes). macOS and Linux images have no version resource:
 * those columns are null. Also the folder and usual command line of the processes that start
 * others (parents), when a template names only the parent's file name.
 */
final class Images {

    /** One image: hash columns and the columns from FileSize to the version resource, pre-encoded on first use. */
    static final class Image {
        final String sha1;
        final String sha256;
        final String md5;
        private final long size;
        private final String[] version;
        /** [initiating ? 1 : 0][escape ? 1 : 0]: {@code ,"SHA1":"…","SHA256":"…","MD5":"…"}. */
        private final byte[][][] hashes = new byte[2][2][];
        /** [initiating ? 1 : 0][escape ? 1 : 0]: {@code ,"FileSize":n,"ProcessVersionInfoCompanyName":…}. */
        private final byte[][][] details = new byte[2][2][];
        final byte[][] signerType;
        final byte[][] signatureStatus;

        Image(String sha1, String sha256, String md5, long size, String[] version, String signer, String status) {
            this.sha1 = sha1;
            this.sha256 = sha256;
            this.md5 = md5;
            this.size = size;
            this.version = version;
            signerType = JsonLineWriter.encode(signer);
            signatureStatus = JsonLineWriter.encode(status);
        }

        /** {@code ,"SHA1":"…","SHA256":"…","MD5":"…"} (with the InitiatingProcess prefix if asked). */
        byte[] hashes(boolean initiating, boolean escape) {
            int i = initiating ? 1 : 0;
            int e = escape ? 1 : 0;
            byte[] b = hashes[i][e];
            if (b == null) {
                String p = initiating ? "InitiatingProcess" : "";
                b = (",\"" + p + "SHA1\":\"" + sha1 + "\",\"" + p + "SHA256\":\"" + sha256 + "\",\"" + p + "MD5\":\"" + md5
                        + '"').getBytes(StandardCharsets.US_ASCII);
                hashes[i][e] = b;
            }
            return b;
        }

        /** {@code ,"FileSize":n} and the six version columns (with the InitiatingProcess prefix if asked). */
        byte[] details(boolean initiating, boolean escape) {
            int i = initiating ? 1 : 0;
            int e = escape ? 1 : 0;
            byte[] b = details[i][e];
            if (b == null) {
                String p = initiating ? "InitiatingProcess" : "";
                String vp = initiating ? "InitiatingProcessVersionInfo" : "ProcessVersionInfo";
                java.io.ByteArrayOutputStream d = new java.io.ByteArrayOutputStream(400);
                d.writeBytes((",\"" + p + "FileSize\":" + size).getBytes(StandardCharsets.US_ASCII));
                for (int v = 0; v < VERSION_KEYS.length; v++) {
                    d.writeBytes((",\"" + vp + VERSION_KEYS[v] + "\":").getBytes(StandardCharsets.US_ASCII));
                    d.writeBytes(JsonLineWriter.encode(version == null ? null : version[v])[e]);
                }
                b = d.toByteArray();
                details[i][e] = b;
            }
            return b;
        }
    }

    private static final String[] VERSION_KEYS = {
        "CompanyName", "ProductName", "ProductVersion", "InternalFileName", "OriginalFileName", "FileDescription",
    };

    private static final String MS = "Microsoft Corporation";
    private static final String WINDOWS = "Microsoft\u00ae Windows\u00ae Operating System";
    private static final String OS_VERSION = "10.0.26100.2314";

    /**
     * Version resources by lower-case file name: company, product, version, internal name,
     * original name, description. Windows' own binaries are listed by description only
     * ({@link #OS_BINARIES}).
     */
    private static final Map<String, String[]> VERSIONS = new HashMap<>();
    /** Windows' own binaries: file name, internal name, original name, description. */
    private static final String[][] OS_BINARIES = {
        {"svchost.exe", "svchost.exe", "svchost.exe", "Host Process for Windows Services"},
        {"cmd.exe", "cmd", "Cmd.Exe.MUI", "Windows Command Processor"},
        {"powershell.exe", "POWERSHELL", "PowerShell.EXE.MUI", "Windows PowerShell"},
        {"conhost.exe", "ConHost", "CONHOST.EXE.MUI", "Console Window Host"},
        {"explorer.exe", "explorer", "EXPLORER.EXE.MUI", "Windows Explorer"},
        {"services.exe", "services.exe", "services.exe", "Services and Controller app"},
        {"wininit.exe", "wininit", "WinInit.exe.mui", "Windows Start-Up Application"},
        {"userinit.exe", "userinit", "USERINIT.EXE.MUI", "Userinit Logon Application"},
        {"lsass.exe", "lsass.exe", "lsass.exe", "Local Security Authority Process"},
        {"rundll32.exe", "rundll", "RUNDLL32.EXE.MUI", "Windows host process (Rundll32)"},
        {"dllhost.exe", "DllHost.exe", "DllHost.exe", "COM Surrogate"},
        {"msiexec.exe", "msiexec", "msiexec.exe", "Windows\u00ae installer"},
        {"taskhostw.exe", "taskhostw.exe", "taskhostw.exe", "Host Process for Windows Tasks"},
        {"runtimebroker.exe", "RuntimeBroker.exe", "RuntimeBroker.exe", "Runtime Broker"},
        {"backgroundtaskhost.exe", "backgroundTaskHost.exe", "backgroundTaskHost.exe", "Background Task Host"},
        {"wmiprvse.exe", "Wmiprvse.exe", "Wmiprvse.exe", "WMI Provider Host"},
        {"searchprotocolhost.exe", "SearchProtocolHost.exe", "SearchProtocolHost.exe.MUI", "Microsoft Windows Search Protocol Host"},
        {"searchindexer.exe", "SearchIndexer.exe", "SearchIndexer.exe.MUI", "Microsoft Windows Search Indexer"},
        {"curl.exe", "curl.exe", "curl.exe", "The curl executable"},
        {"whoami.exe", "whoami.exe", "whoami.exe.mui", "whoami - displays logged on user information"},
        {"ipconfig.exe", "ipconfig.exe", "ipconfig.exe.mui", "IP Configuration Utility"},
        {"tasklist.exe", "tasklist.exe", "tasklist.exe.mui", "Lists the current running tasks"},
        {"net.exe", "net.exe", "net.exe.mui", "Net Command"},
        {"sc.exe", "sc.exe", "sc.exe.mui", "Service Control Manager Configuration Tool"},
        {"reg.exe", "reg.exe", "reg.exe.mui", "Registry Console Tool"},
        {"gpupdate.exe", "GPUpdate.exe", "GPUpdate.exe.mui", "Microsoft\u00ae Windows\u00ae Operating System Group Policy Update Utility"},
        {"nltest.exe", "nltestrk.exe", "nltestrk.exe.mui", "Microsoft\u00ae Logon Server Test Utility"},
        {"systeminfo.exe", "sysinfo.exe", "sysinfo.exe.mui", "Displays system information"},
        {"schtasks.exe", "schtasks.exe", "schtasks.exe.mui", "Task Scheduler Configuration Tool"},
        {"wevtutil.exe", "wevtutil.exe", "wevtutil.exe.mui", "Eventing Command Line Utility"},
        {"certutil.exe", "CertUtil.exe", "CertUtil.exe.MUI", "CertUtil.exe"},
        {"w32tm.exe", "w32tm.exe", "w32tm.exe.mui", "Time Service Diagnostic Tool"},
        {"netsh.exe", "netsh.exe", "netsh.exe.mui", "Network Command Shell"},
        {"robocopy.exe", "ROBOCOPY.exe", "ROBOCOPY.exe.mui", "Microsoft\u00ae Robust File Copy for Windows"},
        {"w3wp.exe", "w3wp.exe", "w3wp.exe.mui", "IIS Worker Process"},
        {"notepad.exe", "Notepad", "NOTEPAD.EXE.MUI", "Notepad"},
        {"mshta.exe", "MSHTA.EXE", "MSHTA.EXE.MUI", "Microsoft (R) HTML Application host"},
        {"wscript.exe", "wscript.exe", "wscript.exe.mui", "Microsoft \u00ae Windows Based Script Host"},
        {"gpscript.exe", "GPSCRIPT.EXE", "GPSCRIPT.EXE.MUI", "Group Policy Script Application"},
        {"smss.exe", "smss.exe", "smss.exe", "Windows Session Manager"},
        {"winlogon.exe", "winlogon", "WINLOGON.EXE.MUI", "Windows Logon Application"},
    };

    static {
        for (String[] b : OS_BINARIES) {
            VERSIONS.put(b[0], new String[] {MS, WINDOWS, OS_VERSION, b[1], b[2], b[3]});
        }
        String[] rclone = {"https://rclone.org", "Rclone", "1.68.2", "rclone", "rclone.exe", "Rsync for cloud storage"};
        String[][] others = {
            {"chrome.exe", "Google LLC", "Google Chrome", "131.0.6778.86", "chrome_exe", "chrome.exe", "Google Chrome"},
            {"msedge.exe", MS, "Microsoft Edge", "131.0.2903.86", "msedge_exe", "msedge.exe", "Microsoft Edge"},
            {"msedgewebview2.exe", MS, "Microsoft Edge WebView2", "131.0.2903.86", "msedgewebview2_exe", "msedgewebview2.exe", "Microsoft Edge WebView2"},
            {"firefox.exe", "Mozilla Corporation", "Firefox", "133.0.0.8682", "Firefox", "firefox.exe", "Firefox"},
            {"winword.exe", MS, "Microsoft Office", "16.0.18129.20116", "WinWord", "WinWord.exe", "Microsoft Word"},
            {"excel.exe", MS, "Microsoft Office", "16.0.18129.20116", "Excel", "Excel.exe", "Microsoft Excel"},
            {"powerpnt.exe", MS, "Microsoft Office", "16.0.18129.20116", "POWERPNT", "POWERPNT.EXE", "Microsoft PowerPoint"},
            {"outlook.exe", MS, "Microsoft Outlook", "16.0.18129.20116", "Outlook", "Outlook.exe", "Microsoft Outlook"},
            {"ms-teams.exe", MS, "Microsoft Teams", "24295.605.3225.8804", "ms-teams", "ms-teams.exe", "Microsoft Teams"},
            {"onedrive.exe", MS, "Microsoft OneDrive", "24.226.1110.0004", "OneDrive.exe", "OneDrive.exe", "Microsoft OneDrive"},
            {"googledrivefs.exe", "Google LLC", "Google Drive", "104.0.3.0", "GoogleDriveFS", "GoogleDriveFS.exe", "Google Drive"},
            {"dropbox.exe", "Dropbox, Inc.", "Dropbox", "214.4.5198", "Dropbox", "Dropbox.exe", "Dropbox"},
            {"mpcmdrun.exe", MS, "Microsoft\u00ae Windows\u00ae Operating System", "4.18.25010.11", "MpCmdRun", "MpCmdRun.exe", "Microsoft Malware Protection Command Line Utility"},
            {"senseir.exe", MS, "Microsoft\u00ae Windows\u00ae Operating System", "10.8760.26100.2314", "SenseIR.exe", "SenseIR.exe", "Windows Defender Advanced Threat Protection Automated Investigation"},
            {"mssense.exe", MS, "Microsoft\u00ae Windows\u00ae Operating System", "10.8760.26100.2314", "MsSense.exe", "MsSense.exe", "Windows Defender Advanced Threat Protection Service Executable"},
            {"git.exe", "The Git Development Community", "Git", "2.47.1.1", "git", "git.exe", "Git for Windows"},
            {"code.exe", MS, "Visual Studio Code", "1.95.3", "Code", "electron.exe", "Visual Studio Code"},
            {"node.exe", "Node.js", "Node.js", "22.11.0", "node", "node.exe", "Node.js JavaScript Runtime"},
            {"python.exe", "Python Software Foundation", "Python", "3.12.7", "Python Console", "python.exe", "Python"},
            {"java.exe", "Eclipse Adoptium", "OpenJDK Platform 17.0.12", "17.0.12.0", "java", "java.exe", "OpenJDK Platform binary"},
            {"sqlcmd.exe", MS, "Microsoft SQL Server", "17.10.0001.1", "SQLCMD", "SQLCMD.EXE", "T-SQL execution utility"},
            {"sqlagent.exe", MS, "Microsoft SQL Server", "2022.160.4155.4", "SQLAGENT", "SQLAGENT.EXE", "SQLAgent - SQL Server Agent"},
            {"msbuild.exe", MS, "Microsoft\u00ae Build Tools\u00ae", "17.12.6.51805", "MSBuild.exe", "MSBuild.exe", "MSBuild.exe"},
            {"agent.worker.exe", MS, "Azure Pipelines Agent", "4.248.0", "Agent.Worker", "Agent.Worker.dll", "Agent.Worker"},
            {"agent.listener.exe", MS, "Azure Pipelines Agent", "4.248.0", "Agent.Listener", "Agent.Listener.dll", "Agent.Listener"},
            {"agentexecutor.exe", MS, "Microsoft Intune Management Extension", "1.85.106.0", "AgentExecutor.exe", "AgentExecutor.exe", "AgentExecutor"},
            {"microsoft.management.services.intunewindowsagent.exe", MS, "Microsoft Intune Management Extension", "1.85.106.0",
                "Microsoft.Management.Services.IntuneWindowsAgent.exe", "Microsoft.Management.Services.IntuneWindowsAgent.exe",
                "Microsoft Intune Management Extension"},
            {"veeamagent.exe", "Veeam Software Group GmbH", "Veeam Agent", "12.2.0.334", "VeeamAgent.exe", "VeeamAgent.exe", "Veeam Agent"},
            {"veeamtransportsvc.exe", "Veeam Software Group GmbH", "Veeam Backup & Replication", "12.2.0.334", "VeeamTransportSvc.exe", "VeeamTransportSvc.exe", "Veeam Transport Service"},
            {"pwsh.exe", MS, "PowerShell", "7.4.6 SHA: 5d4f5ecbf5d4e5a1d7d8c0cf33e1f8e5c0c7a3f2", "pwsh.dll", "pwsh.dll", "pwsh"},
            {"azcopy.exe", MS, "AzCopy", "10.27.1", "azcopy.exe", "azcopy.exe", "AzCopy"},
            {"aws.exe", "Amazon Web Services", "AWS Command Line Interface v2", "2.22.2.0", "aws", "aws.exe", "AWS CLI"},
        };
        for (String[] o : others) {
            VERSIONS.put(o[0], new String[] {o[1], o[2], o[3], o[4], o[5], o[6]});
        }
        for (String name : new String[] {"rclone.exe", "rclone_x64.exe", "myrclone.exe", "rclone2.exe", "rcloneж.exe",
            "trendfilesecuritycheck.exe"}) {
            VERSIONS.put(name, rclone);
        }
        // rclone renamed svchost.exe in C:\Windows (The DFIR Report's Sodinokibi case): keyed by path
        VERSIONS.put("c:\\windows\\svchost.exe", rclone);
    }

    /** Parents named by file name only: lower-case folder path and usual command line, per platform. */
    private static final Map<String, String[]> WINDOWS_PARENTS = new HashMap<>();
    private static final Map<String, String[]> UNIX_PARENTS = new HashMap<>();

    static {
        String[][] win = {
            {"services.exe", "c:\\windows\\system32\\services.exe", "C:\\Windows\\system32\\services.exe"},
            {"wininit.exe", "c:\\windows\\system32\\wininit.exe", "wininit.exe"},
            {"userinit.exe", "c:\\windows\\system32\\userinit.exe", "C:\\Windows\\system32\\userinit.exe"},
            {"explorer.exe", "c:\\windows\\explorer.exe", "C:\\Windows\\Explorer.EXE"},
            {"cmd.exe", "c:\\windows\\system32\\cmd.exe", "\"C:\\Windows\\system32\\cmd.exe\""},
            {"powershell.exe", "c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe",
                "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -NoProfile -ExecutionPolicy Bypass"},
            {"svchost.exe", "c:\\windows\\system32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule"},
            {"chrome.exe", "c:\\program files\\google\\chrome\\application\\chrome.exe",
                "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --no-startup-window /prefetch:5"},
            {"msedge.exe", "c:\\program files (x86)\\microsoft\\edge\\application\\msedge.exe",
                "\"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\" --no-startup-window --win-session-start"},
            {"firefox.exe", "c:\\program files\\mozilla firefox\\firefox.exe", "\"C:\\Program Files\\Mozilla Firefox\\firefox.exe\""},
            {"ms-teams.exe", "c:\\program files\\windowsapps\\msteams_26290.205.4069.4894_x64__8wekyb3d8bbwe\\ms-teams.exe",
                "\"C:\\Program Files\\WindowsApps\\MSTeams_26290.205.4069.4894_x64__8wekyb3d8bbwe\\ms-teams.exe\" msteams:system-initiated"},
            {"searchindexer.exe", "c:\\windows\\system32\\searchindexer.exe", "C:\\Windows\\system32\\SearchIndexer.exe /Embedding"},
            {"gpscript.exe", "c:\\windows\\system32\\gpscript.exe", "gpscript.exe /RefreshSystemParam"},
            {"node.exe", "c:\\program files\\nodejs\\node.exe",
                "\"C:\\Program Files\\nodejs\\node.exe\" \"C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js\" run build"},
            {"code.exe", "c:\\users\\%p\\appdata\\local\\programs\\microsoft vs code\\code.exe",
                "\"C:\\Users\\%P\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe\""},
            {"mssense.exe", "c:\\program files\\windows defender advanced threat protection\\mssense.exe", "\"MsSense.exe\""},
            {"agentexecutor.exe", "c:\\program files (x86)\\microsoft intune management extension\\agentexecutor.exe",
                "\"C:\\Program Files (x86)\\Microsoft Intune Management Extension\\agentexecutor.exe\" -powershellDetection"
                    + " \"C:\\Program Files (x86)\\Microsoft Intune Management Extension\\Content\\DetectionScripts\\detect.ps1\""
                    + " \"\" 60000 \"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\" 0 \"\" \"\" False False False"},
            {"microsoft.management.services.intunewindowsagent.exe",
                "c:\\program files (x86)\\microsoft intune management extension\\microsoft.management.services.intunewindowsagent.exe",
                "\"C:\\Program Files (x86)\\Microsoft Intune Management Extension\\Microsoft.Management.Services.IntuneWindowsAgent.exe\""},
            {"agent.worker.exe", "c:\\agent\\bin\\agent.worker.exe", "\"C:\\agent\\bin\\Agent.Worker.exe\" spawnclient 2384 2392"},
            {"agent.listener.exe", "c:\\agent\\bin\\agent.listener.exe", "\"C:\\agent\\bin\\Agent.Listener.exe\" run --startuptype service"},
            {"veeamtransportsvc.exe", "c:\\program files (x86)\\veeam\\backup transport\\veeamtransportsvc.exe",
                "\"C:\\Program Files (x86)\\Veeam\\Backup Transport\\VeeamTransportSvc.exe\" -service"},
            {"sqlagent.exe", "c:\\program files\\microsoft sql server\\mssql16.mssqlserver\\mssql\\binn\\sqlagent.exe",
                "\"C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\SQLAGENT.EXE\" -i MSSQLSERVER"},
            {"msiexec.exe", "c:\\windows\\system32\\msiexec.exe", "C:\\Windows\\system32\\msiexec.exe /V"},
            {"mshta.exe", "c:\\windows\\system32\\mshta.exe", "\"C:\\Windows\\System32\\mshta.exe\" -Embedding"},
            {"wscript.exe", "c:\\windows\\system32\\wscript.exe", "\"C:\\Windows\\System32\\WScript.exe\" \"C:\\Users\\%P\\AppData\\Roaming\\update.vbs\""},
            {"rundll32.exe", "c:\\windows\\system32\\rundll32.exe", "rundll32.exe C:\\Users\\Public\\Libraries\\mscorsvc.dll,DllRegisterServer"},
            {"wmiprvse.exe", "c:\\windows\\system32\\wbem\\wmiprvse.exe", "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding"},
            {"onedrive.exe", "c:\\users\\%p\\appdata\\local\\microsoft\\onedrive\\onedrive.exe",
                "\"C:\\Users\\%P\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe\" /background"},
            {"googledrivefs.exe", "c:\\program files\\google\\drive file stream\\104.0.3.0\\googledrivefs.exe",
                "\"C:\\Program Files\\Google\\Drive File Stream\\104.0.3.0\\GoogleDriveFS.exe\" --startup_mode"},
            {"dropbox.exe", "c:\\program files (x86)\\dropbox\\client\\dropbox.exe",
                "\"C:\\Program Files (x86)\\Dropbox\\Client\\Dropbox.exe\" /systemstartup"},
            {"rclone.exe", "c:\\users\\public\\documents\\rclone.exe", "rclone.exe copy C:\\Users\\Public\\Documents mega:backup --transfers 8"},
        };
        for (String[] p : win) {
            WINDOWS_PARENTS.put(p[0], new String[] {p[1], p[2]});
        }
        String[][] unix = {
            {"systemd", "/usr/lib/systemd/systemd", "/sbin/init splash"},
            {"cron", "/usr/sbin/cron", "/usr/sbin/cron -f -P"},
            {"bash", "/usr/bin/bash", "-bash"},
            {"sh", "/usr/bin/dash", "/bin/sh -c /opt/jobs/run.sh"},
            {"sshd", "/usr/sbin/sshd", "sshd: %u [priv]"},
            {"gitlab-runner", "/usr/bin/gitlab-runner", "/usr/bin/gitlab-runner run --working-directory /home/gitlab-runner"
                + " --config /etc/gitlab-runner/config.toml --service gitlab-runner --user gitlab-runner"},
            {"npm", "/usr/bin/node", "npm start"},
            {"sudo", "/usr/bin/sudo", "sudo -n apt-get -y -q upgrade"},
            {"launchd", "/sbin/launchd", "/sbin/launchd"},
            {"Terminal", "/System/Applications/Utilities/Terminal.app/Contents/MacOS/Terminal",
                "/System/Applications/Utilities/Terminal.app/Contents/MacOS/Terminal"},
            {"Google Chrome", "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
                "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"},
            {"xpcproxy", "/usr/libexec/xpcproxy", "xpcproxy com.microsoft.autoupdate.helper"},
            {"python3", "/usr/bin/python3.12", "/usr/bin/python3 /opt/etl/export.py --to gs://exports"},
        };
        for (String[] p : unix) {
            UNIX_PARENTS.put(p[0], new String[] {p[1], p[2]});
        }
    }

    private final long seed;
    private final Map<Long, Image> cache = new HashMap<>();

    Images(long seed) {
        this.seed = seed;
    }

    /**
     * The image at {@code folder} (its full path, file name included). {@code version} tells
     * installed versions of one file apart: the hashes depend on the file name and version only,
     * as they did when the generator wrote hashes of the new process alone.
     */
    Image of(String file, CharSequence folder, boolean windows, int version) {
        long h = file.hashCode() * 0x9E3779B97F4A7C15L + version;
        for (int i = 0, n = folder.length(); i < n; i++) {
            h = (h ^ folder.charAt(i)) * 0x100000001B3L;
        }
        Long key = h;
        Image im = cache.get(key);
        if (im == null) {
            im = create(file, folder.toString(), windows, file + '\u0000' + version);
            cache.put(key, im);
        }
        return im;
    }

    private Image create(String file, String folder, boolean windows, String hashKey) {
        SplittableRandom r = new SplittableRandom(seed ^ hashKey.hashCode() * 0x2545F4914F6CDD1DL);
        String sha1 = Fleet.hex(r, 40);
        String sha256 = Fleet.hex(r, 64);
        String md5 = Fleet.hex(r, 32);
        if (!windows) {
            long size = 20_000 + r.nextInt(4_000_000);
            return new Image(sha1, sha256, md5, size, null, null, null);
        }
        String lower = file.toLowerCase(Locale.ROOT);
        String[] v = VERSIONS.get(folder.toLowerCase(Locale.ROOT));
        if (v == null) {
            v = VERSIONS.get(lower);
        }
        long size;
        String signer;
        String status;
        if (v == null) {
            size = 8_000 + r.nextInt(3_000_000);
            signer = "Unknown";
            status = "Unsigned";
        } else if (v[4].equals("rclone.exe")) {
            size = 60_000_000 + r.nextInt(9_000_000);
            signer = "Unknown";
            status = "Unsigned";
        } else {
            size = v[0].equals(MS) ? 20_000 + r.nextInt(900_000) : 200_000 + r.nextInt(4_000_000);
            signer = v[1].equals(WINDOWS) ? "OsVendor" : v[0].equals(MS) ? "Microsoft" : "ThirdParty";
            status = "Valid";
        }
        return new Image(sha1, sha256, md5, size, v, signer, status);
    }

    /** A parent named only by its file name: {folder, command line}, with the user's profile in place of %p/%P and login of %u. */
    static String[] parent(String file, boolean windows) {
        if (windows) {
            String[] p = WINDOWS_PARENTS.get(file.toLowerCase(Locale.ROOT));
            return p != null ? p : new String[] {"c:\\windows\\system32\\" + file.toLowerCase(Locale.ROOT), file};
        }
        String[] p = UNIX_PARENTS.get(file);
        return p != null ? p : new String[] {"/usr/bin/" + file, file};
    }
}
