package dev.clauth.core.credentials;

import com.google.auth.oauth2.GoogleCredentials;
import dev.clauth.core.ClauthException;
import dev.clauth.core.world.World;
import java.io.IOException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where a cloud provider's own credentials come from. {@link #PROVIDER_CHAINS} uses the providers' chains
 * (AWS: {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}[/{@code AWS_SESSION_TOKEN}] from the
 * environment, else profiles and instance roles; Google: application default credentials). Tests give
 * fixed credentials instead, since no cloud can be reached from here.
 */
public interface CloudCredentials {

    AwsCredentialsProvider aws(World world);

    GoogleCredentials google(World world);

    CloudCredentials PROVIDER_CHAINS = new CloudCredentials() {
        @Override
        public AwsCredentialsProvider aws(World world) {
            var id = world.env("AWS_ACCESS_KEY_ID");
            var secret = world.env("AWS_SECRET_ACCESS_KEY");
            if (id.isPresent() && secret.isPresent()) {
                var token = world.env("AWS_SESSION_TOKEN");
                return StaticCredentialsProvider.create(token.isPresent()
                        ? AwsSessionCredentials.create(id.get(), secret.get(), token.get())
                        : AwsBasicCredentials.create(id.get(), secret.get()));
            }
            return DefaultCredentialsProvider.builder().build();
        }

        @Override
        public GoogleCredentials google(World world) {
            try {
                return GoogleCredentials.getApplicationDefault()
                        .createScoped("https://www.googleapis.com/auth/cloud-platform");
            } catch (IOException e) {
                throw new ClauthException("No Google application default credentials for Vertex AI;"
                        + " run gcloud auth application-default login or set GOOGLE_APPLICATION_CREDENTIALS");
            }
        }
    };
}
