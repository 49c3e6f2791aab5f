package io.cloudexfil.kql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlScriptTest {

    @Test
    void splitsAtTopLevelSemicolonsOnly() {
        String script = "-- header; not a statement\n"
                + "CREATE FUNCTION a AS 'x;y';\n"
                + "SELECT `odd;name`, 'it''s; fine' /* c; */ FROM t;\n"
                + "SELECT \"q;q\" -- trailing; comment\n;\n"
                + "  ;  -- only a comment\n";
        assertThat(SqlScript.split(script)).containsExactly(
                "-- header; not a statement\nCREATE FUNCTION a AS 'x;y'",
                "SELECT `odd;name`, 'it''s; fine' /* c; */ FROM t",
                "SELECT \"q;q\" -- trailing; comment");
    }

    @Test
    void lastStatementNeedsNoSemicolon() {
        assertThat(SqlScript.split("SELECT 1;\nSELECT 2")).containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void unterminatedQuotesAreErrors() {
        assertThatThrownBy(() -> SqlScript.split("SELECT 'oops;")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> SqlScript.split("SELECT 1 /* x")).hasMessageContaining("unterminated");
    }
}
