# TechHealth as a container: build with the .NET SDK alone (the GraphQL explorer ships inside HotChocolate's package),
# run on the ASP.NET runtime as the image's unprivileged user. The radar and checks are baked in at /srv/techhealth and
# can be replaced by mounting other folders there; everything the service writes (database, clone cache, demo fleet, reports) lives on the
# /var/lib/techhealth volume. See "Point it at your fleet" in README.md.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so the package restore is cached until a project or the package pins change.
COPY Directory.Build.props Directory.Packages.props appsettings.json ./
COPY src/ src/
RUN dotnet publish src/TechHealth.Api/TechHealth.Api.csproj -c Release -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# git clones the fleet; curl answers the health check. Nothing else is added to the runtime image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/techhealth /srv/techhealth \
 && chown "$APP_UID" /var/lib/techhealth
WORKDIR /app
COPY --from=build /app ./
COPY radar/ /srv/techhealth/radar/
COPY checks/ /srv/techhealth/checks/
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_ENVIRONMENT=Production \
    TechHealth__Root=/srv/techhealth \
    TechHealth__Storage__ConnectionString="Data Source=/var/lib/techhealth/techhealth.db" \
    TechHealth__Scanning__CacheDirectory=/var/lib/techhealth/git-cache \
    TechHealth__Demo__Path=/var/lib/techhealth/demo-fleet \
    TechHealth__Reports__Path=/var/lib/techhealth/reports \
    TechHealth__Definitions__Watch=false
VOLUME /var/lib/techhealth
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=2m --retries=3 CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
# The .NET images define APP_UID (an unprivileged user); the service never needs root.
USER $APP_UID
ENTRYPOINT ["dotnet", "/app/techhealth.dll"]
