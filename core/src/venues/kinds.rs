//! The vocabulary of the menu: venue kinds, features, who may book, booking status and the
//! reasons an occurrence stays unplaced.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Proximity;
use crate::names::{fold, named_enum};

named_enum! {
    /// The kind of a venue on the shared-venue menu (DOMAIN.md §5). The first four are the
    /// deliberation venues (议事阵地).
    ///
    /// ```
    /// use quanyu::venues::VenueKind;
    /// assert_eq!("community pavilion".parse::<VenueKind>(), Ok(VenueKind::CommunityPavilion));
    /// assert!(VenueKind::ParkHall.is_deliberation());
    /// assert!(!VenueKind::Classroom.is_deliberation());
    /// ```
    pub enum VenueKind: "venue kind" {
        /// 楼组议事庭院 — a building courtyard for deliberation among neighbours.
        BuildingCourtyard,
        /// 社区议事亭 — a community pavilion.
        CommunityPavilion,
        /// 园区议事厅 — a park (industrial or science park) hall.
        ParkHall,
        /// 网上议事厅 — an online hall: no travel, no seat limit.
        OnlineHall,
        /// 党群服务站 — a Party–mass service station.
        ServiceStation,
        /// 会议室 — a meeting room.
        MeetingRoom,
        /// 活动室 — an activity room.
        ActivityRoom,
        /// 教室 — a classroom (schools, training centres).
        Classroom,
        /// 运动场 — a sports ground.
        SportsGround,
    }
}

impl VenueKind {
    /// Whether this is one of the four deliberation venues (议事阵地): building courtyard,
    /// community pavilion, park hall, online hall.
    ///
    /// ```
    /// assert!(quanyu::venues::VenueKind::OnlineHall.is_deliberation());
    /// ```
    pub fn is_deliberation(self) -> bool {
        matches!(
            self,
            VenueKind::BuildingCourtyard
                | VenueKind::CommunityPavilion
                | VenueKind::ParkHall
                | VenueKind::OnlineHall
        )
    }

    /// Whether the venue is online (网上议事厅): it has no seat limit and costs no travel.
    ///
    /// ```
    /// assert!(quanyu::venues::VenueKind::OnlineHall.is_online());
    /// ```
    pub fn is_online(self) -> bool {
        self == VenueKind::OnlineHall
    }
}

named_enum! {
    /// A feature a venue offers and a request may need. The set is fixed (a [`FeatureSet`] is
    /// a bitset of these) so that matching compares features with one machine instruction.
    ///
    /// ```
    /// use quanyu::venues::Feature;
    /// assert_eq!("step-free".parse::<Feature>(), Ok(Feature::StepFree));
    /// assert_eq!("wi-fi".parse::<Feature>(), Ok(Feature::WiFi));
    /// ```
    pub enum Feature: "venue feature" {
        /// A projector.
        Projector,
        /// A large screen or display.
        Screen,
        /// Microphones and loudspeakers.
        SoundSystem,
        /// Video-conference equipment (for hybrid meetings).
        VideoConference,
        /// A whiteboard or blackboard.
        Whiteboard,
        /// Step-free access (无障碍).
        StepFree,
        /// An accessible toilet.
        AccessibleToilet,
        /// Air conditioning.
        AirConditioning,
        /// Heating.
        Heating,
        /// Wireless internet.
        WiFi,
        /// A kitchen or tea room.
        Kitchen,
        /// Outdoors (courtyards, grounds).
        Outdoor,
        /// Parking nearby.
        Parking,
        /// Live-streaming equipment.
        Livestream,
    }
}

/// A set of [`Feature`]s, as a bitset.
///
/// Written as the feature names joined by `;` (`"Projector;StepFree"`) in CSV and `Display`,
/// and as a JSON array of names. Parsing is lenient about case, `_`, `-` and spaces, and also
/// accepts `,` as a separator.
///
/// ```
/// use quanyu::venues::{Feature, FeatureSet};
/// let room: FeatureSet = "projector; step_free; wifi".parse()?;
/// let need = FeatureSet::from_iter([Feature::Projector, Feature::StepFree]);
/// assert!(room.covers(need));
/// assert!(!need.covers(room));
/// assert_eq!(need.to_string(), "Projector;StepFree");
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FeatureSet(u32);

impl FeatureSet {
    /// No features.
    pub const EMPTY: FeatureSet = FeatureSet(0);

    /// The set with `feature` added.
    ///
    /// ```
    /// use quanyu::venues::{Feature, FeatureSet};
    /// assert!(FeatureSet::EMPTY.with(Feature::Kitchen).contains(Feature::Kitchen));
    /// ```
    pub fn with(self, feature: Feature) -> FeatureSet {
        FeatureSet(self.0 | Self::bit(feature))
    }

    /// Whether `feature` is in the set.
    ///
    /// ```
    /// assert!(!quanyu::venues::FeatureSet::EMPTY.contains(quanyu::venues::Feature::Parking));
    /// ```
    pub fn contains(self, feature: Feature) -> bool {
        self.0 & Self::bit(feature) != 0
    }

    /// Whether every feature of `needed` is in this set.
    ///
    /// ```
    /// use quanyu::venues::FeatureSet;
    /// assert!(FeatureSet::EMPTY.covers(FeatureSet::EMPTY));
    /// ```
    pub fn covers(self, needed: FeatureSet) -> bool {
        self.0 & needed.0 == needed.0
    }

    /// Whether the set is empty.
    ///
    /// ```
    /// assert!(quanyu::venues::FeatureSet::EMPTY.is_empty());
    /// ```
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The number of features in the set.
    ///
    /// ```
    /// use quanyu::venues::{Feature, FeatureSet};
    /// assert_eq!(FeatureSet::from_iter([Feature::Screen, Feature::Screen]).len(), 1);
    /// ```
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The features, in declaration order.
    ///
    /// ```
    /// use quanyu::venues::{Feature, FeatureSet};
    /// let s = FeatureSet::from_iter([Feature::WiFi, Feature::Projector]);
    /// assert_eq!(s.iter().collect::<Vec<_>>(), [Feature::Projector, Feature::WiFi]);
    /// ```
    pub fn iter(self) -> impl Iterator<Item = Feature> {
        Feature::ALL
            .iter()
            .copied()
            .filter(move |f| self.contains(*f))
    }

    fn bit(feature: Feature) -> u32 {
        1u32 << (feature as u32)
    }
}

impl FromIterator<Feature> for FeatureSet {
    fn from_iter<I: IntoIterator<Item = Feature>>(iter: I) -> Self {
        iter.into_iter().fold(FeatureSet::EMPTY, FeatureSet::with)
    }
}

impl fmt::Display for FeatureSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, feature) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(";")?;
            }
            f.write_str(feature.as_str())?;
        }
        Ok(())
    }
}

impl FromStr for FeatureSet {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        s.split([';', ','])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::parse::<Feature>)
            .collect()
    }
}

impl Serialize for FeatureSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for FeatureSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let names = Vec::<Feature>::deserialize(d)?;
        Ok(names.into_iter().collect())
    }
}

named_enum! {
    /// Who may book a venue: part of its booking policy. The owner organisation and the
    /// organisations under it may always book their own venue; beyond them:
    ///
    /// ```
    /// use quanyu::venues::BookingReach;
    /// assert_eq!("same_area".parse::<BookingReach>(), Ok(BookingReach::SameArea));
    /// ```
    pub enum BookingReach: "booking reach" {
        /// Nobody else.
        Owner,
        /// Requests whose requesting unit lies in the venue's grid (网格).
        SameGrid,
        /// Requests whose requesting unit lies in the venue's area (片区).
        SameArea,
        /// Requests from organisations of the owner's alliance (全域党建联盟): every organisation
        /// in the same organisation tree as the owner — the working committee, its branches and
        /// cells, and the alliance members that joined it — wherever the request comes from.
        Alliance,
        /// Requests whose requesting unit lies in the venue's subdistrict (街道).
        Subdistrict,
        /// Anyone.
        Anyone,
    }
}

impl BookingReach {
    /// Whether a request may book a venue with this reach: `proximity` is how near the
    /// requesting unit is to the venue, `own` whether the requesting organisation is the owner
    /// or under it, `alliance` whether it is in the owner's organisation tree.
    pub(crate) fn allows(self, proximity: Proximity, own: bool, alliance: bool) -> bool {
        own || match self {
            BookingReach::Owner => false,
            BookingReach::SameGrid => proximity <= Proximity::SameGrid,
            BookingReach::SameArea => proximity <= Proximity::SameArea,
            BookingReach::Alliance => alliance,
            BookingReach::Subdistrict => proximity <= Proximity::SameSubdistrict,
            BookingReach::Anyone => true,
        }
    }
}

named_enum! {
    /// Whether a booking stands, or waits for the owner's approval (venues whose policy needs
    /// approval). Either way its slots are taken: a venue is never double-booked.
    ///
    /// ```
    /// assert_eq!(quanyu::venues::BookingStatus::AwaitingApproval.to_string(), "AwaitingApproval");
    /// ```
    pub enum BookingStatus: "booking status" {
        /// Confirmed.
        Confirmed,
        /// Placed, waiting for the owner's approval.
        AwaitingApproval,
    }
}

named_enum! {
    /// Why an occurrence of a request was not placed. The matcher filters the venues in this
    /// order and reports the step that removed the last candidate.
    ///
    /// ```
    /// use quanyu::venues::Unplaced;
    /// assert_eq!(Unplaced::AllBooked.describe(), "every candidate venue is booked at those times");
    /// ```
    pub enum Unplaced: "unplaced reason" {
        /// No venue of an acceptable kind with the needed features within the request's
        /// travel limit.
        NoVenueInReach,
        /// Venues exist, but the booking policy of each forbids this requester.
        PolicyForbids,
        /// The permitted venues are all too small for the attendees.
        CapacityTooSmall,
        /// The fitting venues are closed (weekly hours, exceptions, closures) throughout the
        /// request's windows, or open only for shorter stretches than the duration.
        ClosedAtThoseTimes,
        /// Fitting, open venues exist, but every placement is taken: by earlier bookings or by
        /// requests placed in the same batch.
        AllBooked,
    }
}

impl Unplaced {
    /// A sentence for people.
    ///
    /// ```
    /// assert!(quanyu::venues::Unplaced::PolicyForbids.describe().contains("policy"));
    /// ```
    pub fn describe(self) -> &'static str {
        match self {
            Unplaced::NoVenueInReach => "no venue with those features within reach",
            Unplaced::PolicyForbids => "the booking policy of every fitting venue forbids it",
            Unplaced::CapacityTooSmall => "every permitted venue is too small",
            Unplaced::ClosedAtThoseTimes => "every fitting venue is closed at those times",
            Unplaced::AllBooked => "every candidate venue is booked at those times",
        }
    }
}

/// Parses a [`Proximity`] leniently (`"same_area"`, `"SameArea"`, `"beyond"`).
pub(crate) fn parse_proximity(s: &str) -> Result<Proximity, String> {
    const ALL: [Proximity; 6] = [
        Proximity::SameBuilding,
        Proximity::SameCompound,
        Proximity::SameGrid,
        Proximity::SameArea,
        Proximity::SameSubdistrict,
        Proximity::Beyond,
    ];
    let folded = fold(s);
    ALL.iter()
        .copied()
        .find(|p| fold(&p.to_string()) == folded)
        .ok_or_else(|| {
            let names: Vec<String> = ALL.iter().map(ToString::to_string).collect();
            format!(
                "unknown proximity `{s}`; expected one of {}",
                names.join(", ")
            )
        })
}

/// The travel cost of a proximity tier: 0 (same building) to 4 (same subdistrict), 5 beyond.
pub(crate) fn travel_cost(p: Proximity) -> u8 {
    p.cost().map_or(5, |c| c.min(5) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_sets_round_trip_through_text_and_json() {
        let s: FeatureSet = "Projector, step free;WIFI".parse().unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s.to_string().parse::<FeatureSet>().unwrap(), s);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"["Projector","StepFree","WiFi"]"#);
        assert_eq!(serde_json::from_str::<FeatureSet>(&json).unwrap(), s);
        assert!("laser".parse::<FeatureSet>().unwrap_err().contains("laser"));
        assert!(Feature::ALL.len() <= 32);
    }

    #[test]
    fn reach_rules() {
        use BookingReach::*;
        assert!(Owner.allows(Proximity::Beyond, true, false));
        assert!(!Owner.allows(Proximity::SameBuilding, false, true));
        assert!(SameGrid.allows(Proximity::SameCompound, false, false));
        assert!(!SameGrid.allows(Proximity::SameArea, false, false));
        assert!(SameArea.allows(Proximity::SameArea, false, false));
        assert!(Alliance.allows(Proximity::Beyond, false, true));
        assert!(!Alliance.allows(Proximity::SameBuilding, false, false));
        assert!(Subdistrict.allows(Proximity::SameSubdistrict, false, false));
        assert!(!Subdistrict.allows(Proximity::Beyond, false, false));
        assert!(Anyone.allows(Proximity::Beyond, false, false));
    }

    #[test]
    fn proximity_names() {
        assert_eq!(parse_proximity("same_area"), Ok(Proximity::SameArea));
        assert_eq!(parse_proximity("Beyond"), Ok(Proximity::Beyond));
        assert!(parse_proximity("far").is_err());
        assert_eq!(travel_cost(Proximity::Beyond), 5);
        assert_eq!(travel_cost(Proximity::SameGrid), 2);
    }
}
