package io.cloudexfil.hunt.functions;

import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.StringData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "content.dropboxapi.com, content.dropboxapi.com",
            "https://Bucket.S3.eu-west-1.amazonaws.com:443/key?x=1, bucket.s3.eu-west-1.amazonaws.com",
            "http://user:pw@file.io/upload, file.io",
            "gfs270n.userstorage.mega.co.nz., gfs270n.userstorage.mega.co.nz",
            "'https://[2001:db8::1]:8443/a', 2001:db8::1",
            "10.0.0.5:443, 10.0.0.5",
            "'  ', NULL",
            "NULL, NULL",
            "discord.com/api/webhooks/1/x, discord.com",
    })
    void host(String url, String host) {
        assertThat(Hosts.host(url)).isEqualTo(host);
    }

    private static GenericArrayData list(String... s) {
        StringData[] d = new StringData[s.length];
        for (int i = 0; i < s.length; i++) {
            d[i] = StringData.fromString(s[i]);
        }
        return new GenericArrayData(d);
    }

    @Test
    void hostInMatchesTheDomainAndItsSubdomainsOnly() {
        HostIn in = new HostIn();
        GenericArrayData l = list("userstorage.mega.co.nz", "*.blob.core.windows.net", "file.io");
        assertThat(in.eval("gfs270n.userstorage.mega.co.nz", l)).isTrue();
        assertThat(in.eval("https://acct.blob.core.windows.net/c/x", l)).isTrue();
        assertThat(in.eval("FILE.IO", l)).isTrue();
        assertThat(in.eval("notfile.io", l)).isFalse();
        assertThat(in.eval("userstorage.mega.co.nz.example.net", l)).isFalse();
        assertThat(in.eval("https://example.com/?u=file.io", l)).isFalse();
        assertThat(in.eval(null, l)).isFalse();
        assertThat(in.eval("", l)).isFalse();
    }

    @Test
    void matchedDomainIsTheLongestEntry() {
        MatchedDomain m = new MatchedDomain();
        GenericArrayData l = list("mega.co.nz", "userstorage.mega.co.nz", "s3.amazonaws.com");
        assertThat(m.eval("https://gfs270n.userstorage.mega.co.nz/ul/x", l)).isEqualTo("userstorage.mega.co.nz");
        assertThat(m.eval("g.api.mega.co.nz", l)).isEqualTo("mega.co.nz");
        assertThat(m.eval("example.com", l)).isNull();
        // a new list object is normalised anew
        assertThat(m.eval("bucket.s3.amazonaws.com", list("amazonaws.com"))).isEqualTo("amazonaws.com");
    }
}
