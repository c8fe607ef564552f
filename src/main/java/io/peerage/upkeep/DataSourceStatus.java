package io.peerage.upkeep;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Asks the connection pool for a connection that answers within a second, once per sweep. */
@DefaultBean
@ApplicationScoped
public class DataSourceStatus implements DatabaseStatus {

    private final DataSource dataSource;

    DataSourceStatus(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean isUp() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}
