"""What the API shows: the public facts of the public pages, and for a token the
registrations of its project."""

from django.urls import reverse
from django.utils import timezone, translation
from rest_framework import serializers

from events.models import Event, ProgrammeItem, Speaker, Venue
from participants.models import EventStatistic, Registration
from projects.models import Municipality, Project
from workshops.models import Workshop


class MunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["id", "slug", "name", "kind", "district", "state", "website"]


class VenueSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Venue
        fields = [
            "id",
            "name",
            "street",
            "postal_code",
            "city",
            "municipality",
            "accessibility",
            "website",
        ]


class ProjectSerializer(serializers.ModelSerializer):
    municipalities = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )

    class Meta:
        model = Project
        fields = ["id", "slug", "name", "kind", "summary", "website", "municipalities"]


class SpeakerSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", default=None)
    municipality = serializers.CharField(source="municipality.slug", default=None)
    project = serializers.CharField(source="project.slug", default=None)

    class Meta:
        model = Speaker
        fields = [
            "id",
            "slug",
            "title",
            "first_name",
            "last_name",
            "function",
            "organisation",
            "municipality",
            "project",
        ]


class PlacesSerializer(serializers.Serializer):
    capacity = serializers.IntegerField(allow_null=True)
    taken = serializers.IntegerField()
    waiting = serializers.IntegerField()
    free = serializers.IntegerField(allow_null=True)
    full = serializers.BooleanField()


class EventSerializer(serializers.ModelSerializer):
    full_title = serializers.CharField(read_only=True)
    venue = VenueSerializer(read_only=True, allow_null=True)
    host_project = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    co_host_municipalities = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    url = serializers.SerializerMethodField()
    registration_open = serializers.SerializerMethodField()
    registration_url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "kind",
            "series_number",
            "title",
            "full_title",
            "motto",
            "summary",
            "start",
            "end",
            "format",
            "status",
            "venue",
            "host_project",
            "co_host_municipalities",
            "livestream_url",
            "recording_url",
            "registration_opens",
            "registration_closes",
            "registration_open",
            "url",
            "registration_url",
        ]

    def _absolute(self, name: str, slug: str) -> str:
        """The page's address, in the language asked for (?lang=en)."""
        with translation.override(self.context.get("lang") or "de"):
            path = reverse(name, args=[slug])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, event) -> str:
        return self._absolute("events:event_detail", event.slug)

    def get_registration_open(self, event) -> bool:
        return event.registration_is_open(self.context.get("now") or timezone.now())

    def get_registration_url(self, event) -> str | None:
        if not self.get_registration_open(event):
            return None
        return self._absolute("participants:register", event.slug)


class EventDetailSerializer(EventSerializer):
    description = serializers.CharField()
    onsite_places = PlacesSerializer(allow_null=True)
    online_places = PlacesSerializer(allow_null=True)
    waitlist_only = serializers.BooleanField()

    class Meta(EventSerializer.Meta):
        fields = [
            *EventSerializer.Meta.fields,
            "description",
            "onsite_places",
            "online_places",
            "waitlist_only",
        ]


class ContributionSerializer(serializers.Serializer):
    speaker = serializers.CharField(source="speaker.slug")
    name = serializers.CharField(source="speaker.name")
    role = serializers.CharField()


class ProgrammeItemSerializer(serializers.ModelSerializer):
    contributions = ContributionSerializer(many=True, read_only=True)

    class Meta:
        model = ProgrammeItem
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "start",
            "end",
            "room",
            "contributions",
        ]


class WorkshopSerializer(serializers.ModelSerializer):
    time_slot = serializers.CharField(source="time_slot.__str__", default=None)
    places = PlacesSerializer()
    contributions = ContributionSerializer(many=True, read_only=True)

    class Meta:
        model = Workshop
        fields = [
            "id",
            "code",
            "title",
            "description",
            "room",
            "time_slot",
            "places",
            "contributions",
        ]


# --- with a token -------------------------------------------------------------


class RegistrationSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    event_slug = serializers.CharField(source="event.slug", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "event_slug",
            "first_name",
            "last_name",
            "email",
            "organisation",
            "participant_kind",
            "municipality",
            "mode",
            "status",
            "language",
            "created_at",
            "confirmed_at",
            "cancelled_at",
            "checked_in_at",
        ]
        read_only_fields = fields


class RegistrationCreateSerializer(serializers.Serializer):
    """A registration on a person's behalf; they confirm it from their email."""

    event = serializers.IntegerField()
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    email = serializers.EmailField(max_length=254)
    participant_kind = serializers.ChoiceField(
        choices=Registration._meta.get_field("participant_kind").choices
    )
    organisation = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    municipality = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Municipality.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    mode = serializers.ChoiceField(
        choices=Registration.Mode.choices, required=False, allow_null=True, default=None
    )
    language = serializers.ChoiceField(
        choices=[("de", "de"), ("en", "en")], required=False, default="de"
    )


class StatisticSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventStatistic
        fields = ["dimension", "key", "label", "count", "attended", "recorded_at"]


class OrganiserEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["id", "slug", "title", "status", "start", "end", "format"]
