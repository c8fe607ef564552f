package io.peerage.database;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinCdn;
import static io.peerage.support.Api.joinRegular;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.peerage.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Text that users send is stored as they sent it, whatever its script: every table holds utf8mb4 (migration V9), so
 * a name outside Latin-1 neither fails a journal batch nor comes back as question marks.
 */
@QuarkusTest
class UnicodeTextTest {

    private static final String ISP = "Telekom — 東京 ☃ 😀";
    private static final String TITLE = "Finale — Καλή επιτυχία 😀";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void names_and_titles_outside_latin1_are_stored_and_read_back_unchanged() throws SQLException {
        String content = Api.id("live");
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "kind", "LIVE",
                        "media", "VIDEO",
                        "bitrateKbps", 1000,
                        "monetization", "FREE",
                        "provider", "acme",
                        "category", "SPORTS",
                        "title", TITLE))
                .when()
                .put("/v1/contents/" + content)
                .then()
                .statusCode(201);
        String cdn = joinCdn(100_000);
        hold(cdn, content);
        String child = joinRegular(2000, ISP, "DE");

        String allocationId = allocate(child, content).statusCode(201).extract().path("allocationId");

        given().when().get("/v1/nodes/" + child).then().statusCode(200).body("network.isp", equalTo(ISP));
        given().when().get("/v1/contents/" + content).then().statusCode(200).body("title", equalTo(TITLE));
        given().when()
                .get("/v1/allocations/" + allocationId + "/explanation")
                .then()
                .statusCode(200)
                .body("allocationId", equalTo(allocationId));
        // What the journal wrote, read back from the tables themselves.
        assertThat(column("SELECT title FROM content WHERE id = ?", content)).isEqualTo(TITLE);
        assertThat(column("SELECT JSON_VALUE(profile, '$.network.isp') FROM node WHERE id = ?", child))
                .isEqualTo(ISP);
        assertThat(column("SELECT child_id FROM decision WHERE allocation_id = ?", allocationId))
                .isEqualTo(child);
    }

    private String column(String sql, String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
