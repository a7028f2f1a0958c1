# One image for every hashpipe service: the command picks it (`docker run hashpipe hasher --help`).
#   docker build -t hashpipe .

# --- build: the launcher's runnable jar -------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
# The poms alone first: this dependency layer (~/.m2 in the image) is reused until a pom changes. No
# BuildKit-only syntax, so that the classic builder (Testcontainers' image build) works too.
COPY pom.xml ./
COPY api/pom.xml api/
COPY common/pom.xml common/
COPY management/pom.xml management/
COPY broker/pom.xml broker/
COPY testkit/pom.xml testkit/
COPY dbapi/pom.xml dbapi/
COPY producer/pom.xml producer/
COPY hasher/pom.xml hasher/
COPY examples/sha256/pom.xml examples/sha256/
COPY saver/pom.xml saver/
COPY cli/pom.xml cli/
COPY local/pom.xml local/
COPY bench/pom.xml bench/
COPY operations/pom.xml operations/
COPY systemtests/pom.xml systemtests/
COPY launcher/pom.xml launcher/
COPY benchmarks/pom.xml benchmarks/
COPY architecture/pom.xml architecture/
RUN mvn -B -q -ntp dependency:go-offline -DexcludeGroupIds=io.hashpipe
COPY . .
# The tests need a broker and a database; CI runs them (`mvn verify`), the image build does not.
RUN mvn -B -q -ntp -DskipTests -pl launcher -am package \
    && cp launcher/target/hashpipe.jar /hashpipe.jar

# --- runtime: a JRE, the jar, a non-root user -----------------------------------------------------------
FROM eclipse-temurin:21-jre
# curl for the compose healthchecks (GET /health/ready on the management port).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin hashpipe \
    && mkdir -p /app/data \
    && chown -R hashpipe /app
WORKDIR /app
COPY --from=build /hashpipe.jar /app/hashpipe.jar
USER hashpipe
# 8080: the database API; 9404: every service's management endpoint (HASHPIPE_MANAGEMENT_PORT).
EXPOSE 8080 9404
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-jar", "/app/hashpipe.jar"]
CMD ["--help"]
