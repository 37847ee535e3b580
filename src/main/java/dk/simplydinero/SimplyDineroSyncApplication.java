package dk.simplydinero;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SimplyDineroSyncApplication {

    public static void main(String[] args) {
        SpringApplication.run(SimplyDineroSyncApplication.class, args);
    }
}
