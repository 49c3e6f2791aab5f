package io.cloudexfil.hunt.generate;

import java.util.SplittableRandom;

/**
 * The synthetic organisation behind the telemetry, drawn from the seed: devices (Windows
 * workstations and servers with FQDNs, a few macOS and Linux machines with short names), their
 * users and the accounts Defender reports. Immutable once built; shared by the table writers.
 */
final class Fleet {

    enum Os { WINDOWS, LINUX, MAC }

    /** Role of a device: decides its name, its primary account and which processes it runs. */
    enum Role { WORKSTATION, SERVER, BUILD, MAC_LAPTOP, LINUX_SERVER }

    static final class User {
        final String login;
        /** Profile folder name: usually the login, sometimes a display name with accents. */
        final String profile;
        final String sid;
        /** Entra ID user principal name and object id: domain accounts only (null for local ones). */
        String upn;
        String objectId;

        User(String login, String profile, String sid) {
            this.login = login;
            this.profile = profile;
            this.sid = sid;
        }
    }

    static final class Device {
        final String id;
        final String name;
        /** The host part of the name, which Defender uses as the AccountDomain of local accounts. */
        final String shortName;
        final Os os;
        final Role role;
        final User user;
        final String localIp;
        // Drawn after the devices from a stream of their own, so that the devices above stay
        // what earlier versions of the generator made for the same seed.
        /** The device group the Defender portal assigns (every record carries it). */
        byte[][] machineGroup;
        /** The interactive logon of the device's user: its logon id and session. */
        long logonId;
        int sessionId;
        /** Servers: the workstation an administrator's remote desktop session comes from. */
        String remoteClientName;
        String remoteClientIp;

        Device(String id, String name, String shortName, Os os, Role role, User user, String localIp) {
            this.id = id;
            this.name = name;
            this.shortName = shortName;
            this.os = os;
            this.role = role;
            this.user = user;
            this.localIp = localIp;
        }
    }

    static final String DOMAIN = "CONTOSO";
    static final User SYSTEM = new User("system", "systemprofile", "S-1-5-18");
    static final User LOCAL_SERVICE = new User("local service", "LocalService", "S-1-5-19");
    static final User NETWORK_SERVICE = new User("network service", "NetworkService", "S-1-5-20");
    /** What macOS and Linux devices report for processes of uid 0. */
    static final User ROOT = new User("root", "root", "S-1-22-1-0");

    private static final String[] DEPARTMENTS = {
        "fin", "hr", "it", "mktg", "sales", "legal", "eng", "ops", "rd", "exec", "supp", "acct", "proc", "qa",
    };
    private static final String[] SERVER_ROLES = {
        "sql", "app", "web", "fs", "dc", "exch", "print", "bkp-veeam", "sccm", "citrix", "rds", "file",
    };
    private static final String[] FIRST = {
        "james", "maria", "li", "fatima", "olga", "pierre", "jerome", "zoe", "lukasz", "mehmet", "ines", "kenji",
        "amara", "noah", "sofia", "arjun", "chen", "hannah", "omar", "emma", "david", "priya", "lucas", "aiko",
        "carlos", "elif", "tomas", "nadia", "ryan", "julia", "samuel", "mei", "ivan", "laura", "yusuf", "anna",
    };
    private static final String[] LAST = {
        "smith", "ruiz", "moreau", "haddad", "osei", "nowak", "kowalski", "yilmaz", "dubois", "tanaka", "schmidt",
        "rossi", "garcia", "nguyen", "okafor", "johansson", "silva", "petrov", "kim", "muller", "ferreira", "lopez",
        "andersen", "brown", "wilson", "martin", "bernard", "kaya", "sato", "horvat", "novak", "costa", "walsh",
    };
    /** Profile folders with non-ASCII letters, as real fleets have them. */
    private static final String[] ACCENTED_PROFILES = {
        "Jérôme", "Zoë.Lefèvre", "Łukasz.Wójcik", "Müller.Jürgen", "İlker.Öztürk", "Søren.Ærø", "José.Peña",
        "Ağça.Şahin", "Ελένη", "Дмитрий", "Björn.Ågren", "François.Gâteau", "Chloé", "Núria.Puigdemont",
    };
    private static final String[] MAC_NAMES = {"mbp16", "mbp14", "mba13", "imac", "studio"};
    private static final String[] LINUX_NAMES = {"ubuntu-build", "web", "k8s-node", "etl", "gitlab-runner", "db"};

    final Device[] devices;
    /** Domain SID prefix shared by every domain account. */
    final String domainSid;

    Fleet(long seed, int deviceCount) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        domainSid = "S-1-5-21-" + (1000000000L + r.nextLong(3000000000L)) + "-"
                + (1000000000L + r.nextLong(3000000000L)) + "-" + (1000000000L + r.nextLong(3000000000L));
        devices = new Device[deviceCount];
        int[] perDept = new int[DEPARTMENTS.length];
        int[] perServer = new int[SERVER_ROLES.length];
        int[] perLinux = new int[LINUX_NAMES.length];
        int[] perMac = new int[MAC_NAMES.length];
        for (int i = 0; i < deviceCount; i++) {
            String id = hex(r, 40);
            double u = r.nextDouble();
            Role role = u < 0.84 ? Role.WORKSTATION : u < 0.93 ? Role.SERVER : u < 0.95 ? Role.BUILD
                    : u < 0.975 ? Role.MAC_LAPTOP : Role.LINUX_SERVER;
            String shortName;
            String name;
            Os os;
            User user;
            switch (role) {
                case WORKSTATION: {
                    int d = r.nextInt(DEPARTMENTS.length);
                    shortName = DEPARTMENTS[d] + (r.nextInt(3) == 0 ? "-lt-" : "-ws-") + pad4(++perDept[d]);
                    name = shortName + ".corp.contoso.com";
                    os = Os.WINDOWS;
                    user = domainUser(r);
                    break;
                }
                case SERVER: {
                    int s = r.nextInt(SERVER_ROLES.length);
                    shortName = SERVER_ROLES[s] + "-" + pad2(++perServer[s]);
                    name = shortName + (r.nextInt(4) == 0 ? ".dmz.contoso.com" : ".corp.contoso.com");
                    os = Os.WINDOWS;
                    user = new User("svc_" + SERVER_ROLES[s].replace("-", ""), "svc_" + SERVER_ROLES[s].replace("-", ""),
                            domainSid + "-" + (1100 + r.nextInt(40000)));
                    break;
                }
                case BUILD: {
                    shortName = "build-agent-" + pad2(i % 97 + 1);
                    name = shortName + ".corp.contoso.com";
                    os = Os.WINDOWS;
                    user = new User("svc_build", "svc_build", domainSid + "-" + (1100 + r.nextInt(40000)));
                    break;
                }
                case MAC_LAPTOP: {
                    int m = r.nextInt(MAC_NAMES.length);
                    shortName = MAC_NAMES[m] + "-" + FIRST[r.nextInt(FIRST.length)] + (++perMac[m] > 1 ? "-" + perMac[m] : "");
                    name = shortName; // macOS devices report a short name
                    os = Os.MAC;
                    String first = FIRST[r.nextInt(FIRST.length)];
                    user = new User(first, first, "S-1-5-21-" + hex(r, 8) + "-501");
                    break;
                }
                default: {
                    int l = r.nextInt(LINUX_NAMES.length);
                    shortName = LINUX_NAMES[l] + "-" + pad2(++perLinux[l]);
                    name = r.nextInt(3) == 0 ? shortName + ".corp.contoso.com" : shortName;
                    os = Os.LINUX;
                    String login = r.nextBoolean() ? "deploy" : "svc-" + LINUX_NAMES[l].replace("-", "");
                    user = new User(login, login, "S-1-22-1-" + (1000 + r.nextInt(2000)));
                }
            }
            String ip = "10." + (16 + r.nextInt(48)) + "." + r.nextInt(256) + "." + (2 + r.nextInt(250));
            devices[i] = new Device(id, name, shortName, os, role, user, ip);
        }
        SplittableRandom q = new SplittableRandom(seed ^ 0x3C6EF372FE94F82BL);
        for (Device d : devices) {
            User u = d.user;
            if (d.os == Os.WINDOWS) {
                u.upn = u.login + "@contoso.com";
                u.objectId = guid(new SplittableRandom(u.sid.hashCode() * 0x9E3779B97F4A7C15L));
            } else if (d.os == Os.MAC) {
                u.upn = u.login + "@contoso.com"; // Entra ID platform SSO
                u.objectId = guid(new SplittableRandom(u.sid.hashCode() * 0x9E3779B97F4A7C15L));
            }
            d.machineGroup = JsonLineWriter.encode(switch (d.role) {
                case WORKSTATION -> "Workstations";
                case SERVER -> d.name.contains(".dmz.") ? "Servers - DMZ" : "Servers";
                case BUILD -> "Build agents";
                case MAC_LAPTOP -> "macOS";
                default -> q.nextInt(4) == 0 ? "UnassignedGroup" : "Linux servers";
            });
            d.logonId = d.os == Os.WINDOWS ? 0x10000L + q.nextInt(0x7FFFFF) : 0;
            d.sessionId = d.os == Os.WINDOWS ? (d.role == Role.WORKSTATION ? 1 + q.nextInt(2) : 2 + q.nextInt(8)) : 0;
            if (d.role == Role.SERVER || d.role == Role.BUILD) {
                d.remoteClientName = DEPARTMENTS[q.nextInt(DEPARTMENTS.length)] + "-ws-" + pad4(1 + q.nextInt(400));
                d.remoteClientIp = "10." + (16 + q.nextInt(48)) + "." + q.nextInt(256) + "." + (2 + q.nextInt(250));
            }
        }
    }

    static String guid(SplittableRandom r) {
        return hex(r, 8) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 12);
    }

    private User domainUser(SplittableRandom r) {
        String first = FIRST[r.nextInt(FIRST.length)];
        String last = LAST[r.nextInt(LAST.length)];
        String login = first.charAt(0) + "." + last;
        String profile = r.nextInt(25) == 0 ? ACCENTED_PROFILES[r.nextInt(ACCENTED_PROFILES.length)] : login;
        return new User(login, profile, domainSid + "-" + (1100 + r.nextInt(60000)));
    }

    /**
     * A device index, skewed: servers and busy workstations produce most events, as in a real
     * fleet (the first devices are the busiest; their order is itself random).
     */
    int pick(SplittableRandom r) {
        double u = r.nextDouble();
        return (int) (devices.length * (u * u * 0.6 + u * 0.4));
    }

    static String hex(SplittableRandom r, int chars) {
        char[] c = new char[chars];
        for (int i = 0; i < chars; i++) {
            c[i] = "0123456789abcdef".charAt(r.nextInt(16));
        }
        return new String(c);
    }

    private static String pad4(int n) {
        return n < 10 ? "000" + n : n < 100 ? "00" + n : n < 1000 ? "0" + n : Integer.toString(n);
    }

    private static String pad2(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
